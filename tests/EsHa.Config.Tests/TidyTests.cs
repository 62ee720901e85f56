using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>House rules a reviewer would otherwise have to remember: small files, no leftover markers.</summary>
public sealed class TidyTests
{
    private const int FileLinesMax = 300;

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Corpus.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));

    [Fact]
    public void source_files_stay_under_300_lines_except_data_tables()
    {
        var long_ = SourceFiles()
            .Where(f => !f.EndsWith(".Keywords.cs", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Corpus.RepoRoot, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > FileLinesMax)
            .ToList();
        Assert.True(long_.Count == 0, "split these files: " + string.Join(", ", long_));
    }

    [Fact]
    public void no_fixme_or_todo_markers_are_left_in_source()
    {
        var marked = SourceFiles().Where(f => File.ReadLines(f).Any(l => l.Contains("FIXME", StringComparison.Ordinal)
            || l.Contains("TODO", StringComparison.Ordinal))).ToList();
        Assert.Empty(marked);
    }
}
