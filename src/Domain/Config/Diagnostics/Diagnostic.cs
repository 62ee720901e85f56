namespace EsHa.Domain.Config.Diagnostics;

/// <summary>One finding about a configuration. <paramref name="At"/> is null only for findings about the run
/// itself (the main file cannot be read at all).</summary>
public sealed record Diagnostic(SourceLocation? At, Severity Severity, string Code, string Message, string? Hint = null)
{
    public override string ToString()
    {
        var where = At is { } at ? $"{at}: " : "";
        var kind = Severity == Severity.Error ? "error" : "warning";
        var hint = Hint is null ? "" : $" ({Hint})";
        return $"{where}{kind}: {Message}{hint} [{Code}]";
    }
}
