using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Forensics;

/// <summary>
/// The seed scenario simulated once into embedded journals (ka01.db, ka02.db), with esha run as a user runs it, and
/// the ka01 configuration variants the what-if tests replay with. Output is compared with goldens after the machine-
/// specific paths are replaced by &lt;repo&gt; and &lt;tmp&gt;.
/// </summary>
public sealed class SeedRun : IDisposable
{
    public SeedRun()
    {
        // The seed example is copied under the temporary folder first: the journals record their configurations'
        // paths, and tables pad to them, so a golden must not depend on where the repository was cloned.
        Directory = System.IO.Directory.CreateTempSubdirectory("esha-forensics-");
        Copy(Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed"), Path.Combine(Directory.FullName, "seed"), _ => true, text => text);
        var scenario = Path.Combine(Directory.FullName, "seed", "scenario.json");
        var (code, output) = Tools.Run("dotnet", Esha, "simulate", scenario, "--journal", Directory.FullName);
        Assert.True(code == 0, output);
        Variant("ka01-nopreempt", "#nopreempt", "nopreempt");
        Variant("ka01-delay30", "preempt_delay 10", "preempt_delay 30");
    }

    public DirectoryInfo Directory { get; }

    public static string Esha => Path.Combine(AppContext.BaseDirectory, "esha.dll");

    public string[] Journals => ["--journal", Journal("ka01"), "--journal", Journal("ka02")];

    public string Journal(string node) => Path.Combine(Directory.FullName, $"{node}.db");

    public string Config(string variant) => Path.Combine(Directory.FullName, variant, "keepalived.conf");

    public (int Code, string Output) Esha_(params string[] arguments)
    {
        var (code, stdout, stderr) = Tools.RunSeparately("dotnet", [Esha, .. arguments]);
        return (code, (stdout + stderr).Replace(Directory.FullName, "<tmp>", StringComparison.Ordinal).Replace(Corpus.RepoRoot, "<repo>", StringComparison.Ordinal));
    }

    /// <summary>Asserts that output equals a golden file (ESHA_REWRITE=1 writes it instead).</summary>
    public static void Golden(string name, string output)
    {
        var golden = Path.Combine(Corpus.RepoRoot, "tests", "EsHa.Node.Tests", "testdata", "forensics", name);
        if (Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, output);
        }

        Assert.Equal(File.ReadAllText(golden), output);
    }

    /// <summary>ka01's configuration tree copied with one line of its site file changed.</summary>
    private void Variant(string name, string line, string replacement) =>
        Copy(Path.Combine(Directory.FullName, "seed", "ka01"), Path.Combine(Directory.FullName, name),
            file => file.EndsWith("www.ming.org.conf", StringComparison.Ordinal), text => Replace(text, line, replacement));

    private static void Copy(string from, string to, Func<string, bool> change, Func<string, string> changed)
    {
        foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var text = File.ReadAllText(file);
            File.WriteAllText(target, change(file) ? changed(text) : text);
        }
    }

    private static string Replace(string text, string line, string replacement)
    {
        Assert.Contains(line, text, StringComparison.Ordinal);
        return text.Replace(line, replacement, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
