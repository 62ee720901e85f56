using EsHa.Domain.Config.Diagnostics;

namespace EsHa.Projections.ConfigReport;

/// <summary>Diagnostics for people: one line each, "FILE:LINE: error|warning: message [code]", then a summary.</summary>
public static class DiagnosticReport
{
    public static IEnumerable<string> Lines(IReadOnlyList<Diagnostic> diagnostics, int fileCount)
    {
        foreach (var d in diagnostics)
        {
            yield return d.ToString();
        }

        yield return Summary(diagnostics, fileCount);
    }

    public static string Summary(IReadOnlyList<Diagnostic> diagnostics, int fileCount)
    {
        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = diagnostics.Count - errors;
        return $"{Plural(errors, "error")}, {Plural(warnings, "warning")} in {Plural(fileCount, "file")}";
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
