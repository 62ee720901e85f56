namespace EsHa.Domain.Config.Diagnostics;

/// <summary>Where a value came from: the file as it was named when opened, and its 1-based physical line.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    /// <summary>"file:line" (":0" for the default value, which no parsed element has).</summary>
    public override string ToString() => $"{File ?? ""}:{Line}";
}
