using System.Diagnostics;
using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, for tests that open a page EsHa wrote. Every run gets a profile folder of its own,
/// which is also its HOME (the crash handler writes under HOME), is kept off the network (the flags, and only file://
/// pages), and is given a time limit; afterwards every process whose command line names that folder is killed by its
/// id (the browser, its zygotes, renderers and utilities, and the crash handlers it detaches), so nothing outlives the
/// test, and the folder is deleted.
/// </summary>
public static class Chromium
{
    public const string Program = "/usr/bin/chromium";

    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>The flags of every run: headless, no sandbox (root in CI), no GPU, and nothing that reaches the network.</summary>
    public static string[] Flags(string profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-default-apps", "--disable-sync", "--no-first-run", $"--user-data-dir={profile}",
    ];

    /// <summary>The DOM of a page after its scripts ran (<c>--dump-dom</c>).</summary>
    public static string DumpDom(string url)
    {
        var (code, output, errors) = Run("--dump-dom", url);
        Assert.True(code == 0 && output.Length > 0, $"chromium --dump-dom {url}: exit {code}\n{Tail(errors)}");
        return output;
    }

    /// <summary>Writes a PNG of the page as a window of the given size shows it.</summary>
    public static void Screenshot(string url, string png, int width, int height)
    {
        var (code, _, errors) = Run("--hide-scrollbars", $"--window-size={width},{height}", $"--screenshot={png}", url);
        Assert.True(code == 0 && File.Exists(png), $"chromium --screenshot {url}: exit {code}\n{Tail(errors)}");
    }

    /// <summary>Runs chromium with <see cref="Flags"/> and the arguments; its exit code, output and errors. Fails the
    /// test when it has not finished within the time limit.</summary>
    public static (int Code, string Out, string Err) Run(params string[] arguments)
    {
        var program = Prerequisite.Tool(Program);
        var profile = Directory.CreateTempSubdirectory("esha-chromium-");
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in Flags(profile.FullName).Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["HOME"] = profile.FullName;
            start.Environment["XDG_CONFIG_HOME"] = Path.Combine(profile.FullName, ".config");
            start.Environment["XDG_CACHE_HOME"] = Path.Combine(profile.FullName, ".cache");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            var finished = process.WaitForExit(TimeLimit);
            if (!finished)
            {
                process.Kill(entireProcessTree: true);
            }

            KillLeftovers(profile.FullName);
            // The pipes close once every process holding them is gone.
            var drained = Task.WaitAll([output, errors], TimeSpan.FromSeconds(10));
            Assert.True(finished, $"chromium {string.Join(' ', arguments)} did not finish within {TimeLimit.TotalSeconds} s; killed");
            Assert.True(drained, $"chromium {string.Join(' ', arguments)}: its output did not close");
            process.WaitForExit(TimeSpan.FromSeconds(10));
            return (process.ExitCode, output.Result, errors.Result);
        }
        finally
        {
            KillLeftovers(profile.FullName);
            profile.Delete(recursive: true);
        }
    }

    /// <summary>Kills, by id, every process whose command line names the run's profile folder.</summary>
    private static void KillLeftovers(string profile)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(profile, StringComparison.Ordinal))
                {
                    continue;
                }

                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
                leftover.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                or System.ComponentModel.Win32Exception)
            {
                // gone already, or not ours to read
            }
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
