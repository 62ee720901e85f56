using EsHa.Domain.Config.Lint;

namespace EsHa.Projections.ConfigReport;

/// <summary>`esha lint` for people: one line per finding, as check-config prints diagnostics, then a summary.</summary>
public static class LintText
{
    public static IEnumerable<string> Lines(IReadOnlyList<LintFinding> findings, int ruleCount, int sourceCount)
    {
        foreach (var finding in findings)
        {
            yield return finding.ToString();
        }

        yield return Summary(findings, ruleCount, sourceCount);
    }

    /// <summary>"1 error, 0 warnings, 2 notes; 2 mark rules from 1 source".</summary>
    public static string Summary(IReadOnlyList<LintFinding> findings, int ruleCount, int sourceCount)
    {
        int Count(LintSeverity severity) => findings.Count(f => f.Severity == severity);
        return $"{Plural(Count(LintSeverity.Error), "error")}, {Plural(Count(LintSeverity.Warning), "warning")}, "
            + $"{Plural(Count(LintSeverity.Note), "note")}; {Plural(ruleCount, "mark rule")} from {Plural(sourceCount, "source")}";
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
