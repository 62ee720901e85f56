using EsHa.Domain.Config;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Config.Source;
using EsHa.Node.Config;

namespace EsHa.Config.Tests.Support;

/// <summary>Short ways to parse a configuration in a test.</summary>
public static class Load
{
    public static ConfigLoadResult Text(string text, string? configId = null) =>
        ConfigLoader.LoadText(text, new ReaderOptions(ConfigId: configId));

    public static ConfigLoadResult Files(InMemoryConfigFileSystem fs, string main, string? configId = null) =>
        ConfigLoader.Load(fs, main, main, new ReaderOptions(ConfigId: configId));

    public static ConfigLoadResult Disk(string path, string? configId = null) =>
        ConfigLoader.Load(new PhysicalConfigFileSystem(), path, Path.GetFullPath(path), new ReaderOptions(ConfigId: configId));

    public static IEnumerable<Diagnostic> Errors(this ConfigLoadResult result) =>
        result.Diagnostics.Where(d => d.Severity == Severity.Error);

    public static string Describe(this ConfigLoadResult result) =>
        string.Join('\n', result.Diagnostics.Select(d => d.ToString()));
}
