using EsHa.Domain.Config.Binding;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Config.Schema;
using EsHa.Domain.Config.Source;
using EsHa.Domain.Config.Syntax;
using EsHa.Domain.Config.Validation;

namespace EsHa.Domain.Config;

/// <summary>The result of reading a configuration: the model (null only when the main file could not be read)
/// and every diagnostic, in file order for parse findings, then validation findings.</summary>
public sealed record ConfigLoadResult(KeepalivedConfig? Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>keepalived.conf in, model and diagnostics out: read, parse, bind, validate. Pure: files come through
/// <see cref="IConfigFileSystem"/>, and nothing here throws on bad input.</summary>
public static class ConfigLoader
{
    /// <param name="mainFile">the path as the operator gave it (shown in diagnostics)</param>
    /// <param name="absoluteMainFile">the same path made absolute, for the file system</param>
    public static ConfigLoadResult Load(IConfigFileSystem fs, string mainFile, string absoluteMainFile, ReaderOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var reader = new LineReader(fs, absoluteMainFile, options, diagnostics, mainFile);
        if (!reader.Opened)
        {
            return new ConfigLoadResult(null, diagnostics.Items);
        }

        var tree = new SyntaxParser(reader, KeepalivedSchema.Root, diagnostics).ParseAll();
        var files = reader.FilesRead;
        var config = ConfigBinder.Bind(tree, files, diagnostics);
        foreach (var finding in ConfigValidator.Diagnose(config))
        {
            diagnostics.Add(finding);
        }

        return new ConfigLoadResult(config, diagnostics.Items);
    }

    /// <summary>Parses text held in memory, named <paramref name="name"/> in diagnostics.</summary>
    public static ConfigLoadResult LoadText(string text, ReaderOptions? options = null, string name = "/keepalived.conf") =>
        Load(new InMemoryConfigFileSystem().Add(name, text), name, name, options ?? new ReaderOptions());
}
