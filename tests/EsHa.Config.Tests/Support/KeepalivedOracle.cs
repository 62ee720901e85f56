using System.Text.RegularExpressions;

namespace EsHa.Config.Tests.Support;

/// <summary>Runs Debian's keepalived 2.2.7 as `keepalived -t` and collects the lines it reports findings on.</summary>
public static partial class KeepalivedOracle
{
    public const string Binary = "/usr/sbin/keepalived";

    /// <summary>A finding keepalived printed; <see cref="Line"/> is 0 for one it printed without a line
    /// (those it finds after parsing, such as "(VI_1) No VIP specified").</summary>
    public sealed record Finding(int Line, string Message);

    public static IReadOnlyList<Finding> Check(string absolutePath)
    {
        var (_, stdout, stderr) = Tools.RunSeparately(Prerequisite.Tool(Binary), "-t", "-f", absolutePath, "-l", "-D", "-n");
        var name = Path.GetFileName(absolutePath);
        var lines = (stderr + "\n" + stdout).Split('\n');
        var withLine = lines.Select(l => LinePrefix().Match(l))
            .Where(m => m.Success && (!m.Groups["file"].Success || m.Groups["file"].Value.EndsWith(name, StringComparison.Ordinal)))
            .Select(m => new Finding(int.Parse(m.Groups["line"].Value), m.Groups["message"].Value));
        var withoutLine = lines.Where(l => InstancePrefix().IsMatch(l)).Select(l => new Finding(0, l.Trim()));
        return withLine.Concat(withoutLine).Distinct().ToList();
    }

    /// <summary>Findings that depend on the host checked on (interfaces), which EsHa leaves to host checks.</summary>
    public static bool IsHostSpecific(Finding f) =>
        f.Message.Contains("doesn't exist", StringComparison.Ordinal)
        || f.Message.Contains("cannot use a loopback", StringComparison.Ordinal);

    /// <summary>The "(NAME)" a finding about an instance starts with, or null.</summary>
    public static string? SubjectOf(string message) => InstancePrefix().Match(message) is { Success: true } m ? m.Groups["name"].Value : null;

    [GeneratedRegex(@"^\((?:(?<file>[^()]+): )?Line (?<line>\d+)\) (?<message>.*)$")]
    private static partial Regex LinePrefix();

    [GeneratedRegex(@"^\((?<name>[A-Za-z0-9_.-]+)\) ")]
    private static partial Regex InstancePrefix();
}
