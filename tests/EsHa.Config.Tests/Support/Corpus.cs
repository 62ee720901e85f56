namespace EsHa.Config.Tests.Support;

/// <summary>Where the repository and the shared corpus are, found from the test binary's folder.</summary>
public static class Corpus
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    public static string Seed => Path.Combine(SharedRoot, "seed");

    public static string Samples => Path.Combine(SharedRoot, "keepalived-samples");

    public static string TestData => Path.Combine(RepoRoot, "tests", "EsHa.Config.Tests", "testdata");

    /// <summary>Every configuration file of the corpus (the seed's and keepalived's samples), relative to SharedRoot.</summary>
    public static IEnumerable<string> AllFiles()
    {
        Require();
        return Directory.EnumerateFiles(SharedRoot, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".txt", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(SharedRoot, f))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>EsHa's own tricky files (testdata/oracle), checked against keepalived like the corpus.</summary>
    public static IEnumerable<string> OracleFiles() =>
        Directory.EnumerateFiles(Path.Combine(TestData, "oracle"), "*.conf").Order(StringComparer.Ordinal);

    public static void Require()
    {
        if (!Directory.Exists(SharedRoot))
        {
            throw new InvalidOperationException($"the shared corpus is missing: expected it at {SharedRoot}");
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EsHa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EsHa.sln not found above the test binary");
    }
}
