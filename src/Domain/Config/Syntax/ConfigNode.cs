using EsHa.Domain.Config.Diagnostics;

namespace EsHa.Domain.Config.Syntax;

/// <summary>One keyword line and, for a block keyword, what its braces held. <see cref="Args"/> are the words
/// after the keyword. A keyword block has <see cref="Children"/>; a value block (virtual_ipaddress,
/// track_script, ...) has <see cref="Lines"/>, each line's words read raw.</summary>
public sealed class ConfigNode(string keyword, string[] args, SourceLocation at)
{
    public string Keyword { get; } = keyword;

    public IReadOnlyList<string> Args { get; } = args;

    public SourceLocation At { get; } = at;

    /// <summary>The line of the block's closing '}', when it has one.</summary>
    public SourceLocation? EndAt { get; set; }

    public List<ConfigNode>? Children { get; set; }

    public List<RawLine>? Lines { get; set; }

    public string? Arg(int index) => index < Args.Count ? Args[index] : null;
}

/// <summary>A line inside a value block, split into words.</summary>
public sealed record RawLine(string[] Words, SourceLocation At);
