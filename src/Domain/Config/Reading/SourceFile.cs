namespace EsHa.Domain.Config.Reading;

/// <summary>One open configuration file: its lines and how far it has been read.</summary>
internal sealed class SourceFile(string path, string displayName, string[] lines)
{
    public string Path { get; } = path;

    public string DisplayName { get; } = displayName;

    public string Directory { get; } = Source.ConfigPath.DirectoryOf(path);

    /// <summary>1-based number of the last physical line handed out.</summary>
    public int LineNumber { get; private set; }

    public bool TryReadPhysicalLine(out string line)
    {
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

        return true;
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
