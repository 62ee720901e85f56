namespace EsHa.Domain.Config.Diagnostics;

/// <summary>Collects diagnostics in the order they were found; the parser never throws on bad input.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public int ErrorCount { get; private set; }

    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.Severity == Severity.Error)
        {
            ErrorCount++;
        }
    }

    public void Error(SourceLocation? at, string code, string message, string? hint = null) =>
        Add(new Diagnostic(at, Severity.Error, code, message, hint));

    public void Warning(SourceLocation? at, string code, string message, string? hint = null) =>
        Add(new Diagnostic(at, Severity.Warning, code, message, hint));
}
