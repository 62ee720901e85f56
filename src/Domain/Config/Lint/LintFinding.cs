namespace EsHa.Domain.Config.Lint;

/// <summary>How much a lint finding matters. An error: traffic does not go where the configuration says (a service
/// that gets nothing, a real server that would drop or steal DR traffic); a warning: probably a mistake; a note:
/// what the linter could not see or check, or a fact worth knowing.</summary>
public enum LintSeverity
{
    Error,
    Warning,
    Note,
}

/// <summary>One finding of `esha lint`. <paramref name="Where"/> is "file:line" for configuration and rule files and
/// "nft ruleset, table ip mangle chain prerouting, handle 5" for live rules; null for findings about the run.</summary>
public sealed record LintFinding(string? Where, LintSeverity Severity, string Code, string Message, string? Hint = null)
{
    /// <summary>The same shape as check-config's lines: "WHERE: error|warning|note: message — hint [code]" (a dash, not
    /// check-config's parentheses, because lint's messages end in parentheses of their own).</summary>
    public override string ToString()
    {
        var where = Where is null ? "" : $"{Where}: ";
        var hint = Hint is null ? "" : $" — {Hint}";
        return $"{where}{SeverityWord(Severity)}: {Message}{hint} [{Code}]";
    }

    public static string SeverityWord(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        LintSeverity.Note => "note",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "not a lint severity"),
    };
}
