namespace EsHa.Domain.Config.Reading;

/// <summary>One open configuration file: its lines and how far it has been read.</summary>
internal sealed class SourceFile(string path, string displayName, string[] lines)
{
    public string Path { get; } = path;

    public string DisplayName { get; } = displayName;

    public string Directory { get; } = Source.ConfigPath.DirectoryOf(path);

    /// <summary>keepalived reads with fgets() into a 1024-byte buffer: at most 1023 characters at a time.</summary>
    public const int ReadChunkMax = 1023;

    private string? _rest;

    /// <summary>1-based number of the last physical line handed out.</summary>
    public int LineNumber { get; private set; }

    /// <summary>True when the last line handed out was a piece of a longer physical line.</summary>
    public bool LastWasCut { get; private set; }

    public bool TryReadPhysicalLine(out string line)
    {
        if (_rest is { } rest)
        {
            line = Cut(rest);
            return true;
        }

        // A file that does not end in '\n' still has a last line, as fgets() gives it.
        if (LineNumber >= lines.Length)
        {
            line = "";
            return false;
        }

        line = lines[LineNumber++];
        if (line.EndsWith('\r'))
        {
            line = line.TrimEnd('\r');
        }

        line = Cut(line);
        return true;
    }

    /// <summary>A physical line longer than fgets() takes is read as several lines, as keepalived does.</summary>
    private string Cut(string line)
    {
        LastWasCut = line.Length > ReadChunkMax || _rest is not null;
        _rest = line.Length > ReadChunkMax ? line[ReadChunkMax..] : null;
        return line.Length > ReadChunkMax ? line[..ReadChunkMax] : line;
    }

    public static string[] SplitLines(string text)
    {
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}

/// <summary>One include: the files its pattern matched and which of them is open (keepalived's include_file_t).</summary>
internal sealed class IncludeFrame(IReadOnlyList<string> matches, string pattern, IncludeKind kind)
{
    public IReadOnlyList<string> Matches { get; } = matches;

    public string Pattern { get; } = pattern;

    public IncludeKind Kind { get; } = kind;

    public int NextMatch { get; set; }

    /// <summary>The include_check in force when this include was read, restored when its files end.</summary>
    public IncludeKind IncludeCheckBefore { get; init; }

    public SourceFile? Current { get; set; }
}

/// <summary>keepalived's include variants: which failures count as configuration errors.</summary>
[Flags]
public enum IncludeKind
{
    /// <summary>Plain include: problems are only logged.</summary>
    Plain = 0,
    Readable = 1,
    Match = 2,
    WildcardMatch = 4,
    BraceMatch = 8,
    All = Readable | Match | WildcardMatch | BraceMatch,
}
