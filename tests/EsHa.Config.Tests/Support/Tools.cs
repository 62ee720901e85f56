using System.Diagnostics;

namespace EsHa.Config.Tests.Support;

/// <summary>Runs a program and returns its exit code and output (stdout then stderr).</summary>
public static class Tools
{
    public static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var (code, stdout, stderr) = RunSeparately(file, arguments);
        return (code, stdout + stderr);
    }

    /// <summary>Runs a program; its exit code, standard output and standard error.</summary>
    public static (int Code, string Out, string Err) RunSeparately(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
