namespace EsHa.Domain.Config.Diagnostics;

/// <summary>An error means keepalived would not do what the file says (or refuses it); a warning means it would,
/// with a caveat the operator should know.</summary>
public enum Severity
{
    Error,
    Warning,
}
