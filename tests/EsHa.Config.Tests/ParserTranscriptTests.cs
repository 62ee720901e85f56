using System.Text;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Config.Schema;
using EsHa.Domain.Config.Source;
using EsHa.Domain.Config.Syntax;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>Runs every testdata/parser/*.txt transcript: the syntax tree keepalived's parser rules give, and every
/// diagnostic the whole load reports.</summary>
public sealed class ParserTranscriptTests
{
    public static TheoryData<string> Transcripts() =>
        new(Directory.EnumerateFiles(Path.Combine(Corpus.TestData, "parser"), "*.txt").Select(System.IO.Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void transcript(string name)
    {
        var transcript = Transcript.Read(Path.Combine(Corpus.TestData, "parser", name));
        var fs = new InMemoryConfigFileSystem();
        foreach (var (path, text) in transcript.Files)
        {
            fs.Add(path, text);
        }

        var main = transcript.Files[0].Path;
        var options = new ReaderOptions(ConfigId: transcript.Options.GetValueOrDefault("config-id"));
        var failure = transcript.Check(Render(fs, main, options));
        Assert.True(failure is null, failure);
    }

    private static string Render(InMemoryConfigFileSystem fs, string main, ReaderOptions options)
    {
        var output = new StringBuilder();
        var reader = new LineReader(fs, main, options, new DiagnosticBag());
        foreach (var node in new SyntaxParser(reader, KeepalivedSchema.Root, new DiagnosticBag()).ParseAll())
        {
            RenderNode(node, "", output);
        }

        output.Append("-- diagnostics\n");
        foreach (var d in ConfigLoader.Load(fs, main, main, options).Diagnostics)
        {
            output.Append(d).Append('\n');
        }

        return output.ToString();
    }

    private static void RenderNode(ConfigNode node, string indent, StringBuilder output)
    {
        output.Append(indent).Append(node.Keyword);
        foreach (var arg in node.Args)
        {
            output.Append(' ').Append(Quote(arg));
        }

        output.Append("   @").Append(node.At).Append('\n');
        foreach (var line in node.Lines ?? [])
        {
            output.Append(indent).Append("  | ").Append(string.Join(' ', line.Words.Select(Quote))).Append("   @").Append(line.At).Append('\n');
        }

        foreach (var child in node.Children ?? [])
        {
            RenderNode(child, indent + "  ", output);
        }
    }

    private static string Quote(string word) => word.Length == 0 || word.Any(char.IsWhiteSpace) ? $"\"{word}\"" : word;
}
