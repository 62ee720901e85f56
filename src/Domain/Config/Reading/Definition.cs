namespace EsHa.Domain.Config.Reading;

/// <summary>A $NAME=value definition. A multi-line one holds its lines joined by '\n'.</summary>
internal sealed class Definition(string name, string value, bool multiline)
{
    public string Name { get; } = name;

    public string Value { get; set; } = value;

    public bool Multiline { get; set; } = multiline;

    /// <summary>Set for the built-ins whose value is computed at each use (${_PWD}, ${_RANDOM}).</summary>
    public Func<string?, string>? Compute { get; set; }

    public bool TakesParameters { get; init; }
}
