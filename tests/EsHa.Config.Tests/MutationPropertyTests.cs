using System.Text;
using CsCheck;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Config.Source;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>Damaged configurations (braces deleted, lines cut, random bytes, lines swapped) never make the loader
/// throw, and every diagnostic points at a line that exists in a file that was read.</summary>
public sealed class MutationPropertyTests
{
    private static readonly string[] Sources = Corpus.AllFiles().Select(f => File.ReadAllText(Path.Combine(Corpus.SharedRoot, f))).ToArray();

    private enum Mutation
    {
        DeleteChar,
        DeleteBrace,
        CutLine,
        InsertBytes,
        SwapLines,
        DuplicateLine,
        TruncateFile,
    }

    private static readonly Gen<(int Source, (Mutation Kind, int Where, int Other, string Bytes)[] Mutations)> Cases =
        Gen.Select(
            Gen.Int[0, Sources.Length - 1],
            Gen.Select(Gen.Enum<Mutation>(), Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue],
                Gen.String[Gen.Char, 1, 8]).Array[1, 6]);

    [Fact]
    public void mutated_corpus_files_never_throw_and_every_diagnostic_has_a_valid_location()
    {
        var withErrors = 0;
        Cases.Sample(c =>
        {
            var text = c.Mutations.Aggregate(Sources[c.Source], Apply);
            var fs = new InMemoryConfigFileSystem().Add("/etc/keepalived/keepalived.conf", text);
            var result = ConfigLoader.Load(fs, "/etc/keepalived/keepalived.conf", "/etc/keepalived/keepalived.conf", new ReaderOptions("high"));
            var lineCount = Math.Max(1, text.Split('\n').Length);
            Interlocked.Add(ref withErrors, result.HasErrors ? 1 : 0);
            foreach (var d in result.Diagnostics)
            {
                Assert.NotNull(d.At);
                Assert.Equal("/etc/keepalived/keepalived.conf", d.At!.Value.File);
                Assert.InRange(d.At.Value.Line, 1, lineCount);
                Assert.False(string.IsNullOrWhiteSpace(d.Message));
                Assert.False(string.IsNullOrWhiteSpace(d.Code));
            }
        }, iter: 3000);

        // The mutations must really damage files, or the property proves nothing.
        Assert.True(withErrors > 300, $"only {withErrors} of 3000 mutated files had errors");
    }

    private static string Apply(string text, (Mutation Kind, int Where, int Other, string Bytes) m)
    {
        var lines = text.Split('\n').ToList();
        switch (m.Kind)
        {
            case Mutation.DeleteChar when text.Length > 0:
                return text.Remove(m.Where % text.Length, 1);
            case Mutation.DeleteBrace:
                var braces = Enumerable.Range(0, text.Length).Where(i => text[i] is '{' or '}').ToList();
                return braces.Count == 0 ? text : text.Remove(braces[m.Where % braces.Count], 1);
            case Mutation.CutLine:
                var line = lines[m.Where % lines.Count];
                lines[m.Where % lines.Count] = line[..(line.Length == 0 ? 0 : m.Other % line.Length)];
                return string.Join('\n', lines);
            case Mutation.InsertBytes:
                return text.Insert(text.Length == 0 ? 0 : m.Where % text.Length, m.Bytes);
            case Mutation.SwapLines:
                var (a, b) = (m.Where % lines.Count, m.Other % lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            case Mutation.DuplicateLine:
                lines.Insert(m.Where % lines.Count, lines[m.Other % lines.Count]);
                return string.Join('\n', lines);
            case Mutation.TruncateFile when text.Length > 0:
                return text[..(m.Where % text.Length)];
            default:
                return text;
        }
    }
}
