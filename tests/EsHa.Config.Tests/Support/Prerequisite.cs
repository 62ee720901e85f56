using Xunit;

namespace EsHa.Config.Tests.Support;

/// <summary>Tests that need a tool from the machine: in CI (CI=true) a missing tool fails the test; elsewhere it
/// is skipped with the reason, never silently.</summary>
public static class Prerequisite
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Tool(string path)
    {
        if (File.Exists(path))
        {
            return path;
        }

        var message = $"{path} is not installed (ops/test.sh installs it)";
        if (InCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return path;
    }

    /// <summary>Tests that change file owners or run programs as another user need root (CI has it).</summary>
    public static void Root()
    {
        if (Environment.UserName == "root")
        {
            return;
        }

        const string message = "this test needs root";
        if (InCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }
}
