using EsHa.Domain.Config.Diagnostics;

namespace EsHa.Domain.Config.Model;

/// <summary>What every block of the model shares: where it starts, where each keyword set in it was written
/// (so diagnostics and events can point at the line), and what was parsed but is not acted on.</summary>
public abstract record ConfigItem
{
    public SourceLocation At { get; init; }

    /// <summary>The line of the block's closing '}' (keepalived reports end-of-block findings there).</summary>
    public SourceLocation? EndAt { get; init; }

    /// <summary>Keyword → the line that set it. Values left at their default have no entry.</summary>
    public IReadOnlyDictionary<string, SourceLocation> Sources { get; init; } = Empty;

    /// <summary>Keywords keepalived accepts here that EsHa parses and keeps but does not act on.</summary>
    public IReadOnlyList<CarriedSetting> Carried { get; init; } = [];

    /// <summary>The line that set <paramref name="keyword"/>, or the block's own line when it was defaulted.</summary>
    public SourceLocation SourceOf(string keyword) => Sources.TryGetValue(keyword, out var at) ? at : At;

    private static readonly Dictionary<string, SourceLocation> Empty = [];
}

/// <summary>A keyword kept as written: its words, and its block's content when it has one.</summary>
public sealed record CarriedSetting(string Keyword, IReadOnlyList<string> Args, SourceLocation At)
{
    public IReadOnlyList<CarriedSetting>? Children { get; init; }

    public IReadOnlyList<IReadOnlyList<string>>? Lines { get; init; }
}

/// <summary>A tracked script, interface or file, with the weight and direction the tracking line gave it (null:
/// not given, so the tracked object's own weight and reverse apply; an interface's own weight is 0, which means
/// FAULT when it goes down).</summary>
public sealed record TrackedObject(string Name, int? Weight, bool? Reverse, SourceLocation At);

/// <summary>A script command line as written (keepalived splits it into argv itself; no shell).</summary>
public sealed record ScriptCommand(string CommandLine, SourceLocation At);
