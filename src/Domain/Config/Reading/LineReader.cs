using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Source;

namespace EsHa.Domain.Config.Reading;

/// <summary>
/// keepalived's read_line() (lib/parser.c) as a pull iterator: physical lines from the include stack, comments
/// removed, '@ID' conditionals, '$NAME=' definitions and their expansion, '~SEQ'/'~LST' repetition, include
/// directives, and finally each line cut at its first '{' or '}' outside quotes, the rest kept for the next call.
/// The order of those steps is keepalived's, because operators' files depend on it.
/// </summary>
public sealed partial class LineReader
{
    private readonly IConfigFileSystem _fs;
    private readonly ReaderOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<IncludeFrame> _includes = [];
    private LogicalLine? _residue;
    private IncludeKind _includeCheck = IncludeKind.Plain;
    private int _braceDepth;
    private SourceLocation? _lineTooLongReportedAt;

    public LineReader(IConfigFileSystem fs, string mainFile, ReaderOptions options, DiagnosticBag diagnostics,
        string? mainFileName = null)
    {
        _fs = fs;
        _options = options;
        _diagnostics = diagnostics;
        _definitions = StandardDefinitions();
        _random = options.RandomSeed == 0 ? 1u : options.RandomSeed;
        Opened = OpenMainFile(mainFile, mainFileName ?? mainFile);
    }

    /// <summary>False when the main file could not be read at all (nothing will be returned).</summary>
    public bool Opened { get; }

    /// <summary>Every file opened so far, in order (the main file first).</summary>
    public List<string> FilesRead { get; } = [];

    /// <summary>The location of the last physical line read, for findings at the end of input.</summary>
    public SourceLocation LastLocation { get; private set; }

    /// <summary>The next logical line, or null at the end of the input.</summary>
    public LogicalLine? Next()
    {
        while (TryTakeLine(out var text, out var at, out var fromFile))
        {
            if (text.Length == 0)
            {
                continue;
            }

            // Only a file line that already is an include is copied as a blank line for the acting processes.
            var writtenAsInclude = fromFile && IncludeKindOf(text, out _) is not null;
            text = Preprocess(text, at);
            if (text.Length == 0)
            {
                continue;
            }

            if (TryInclude(text, at))
            {
                WarnOnIncludeReadTwice(writtenAsInclude, at);
                continue;
            }

            return CutAtBrace(text, at);
        }

        return null;
    }

    /// <summary>Where a line comes from, in keepalived's order: the rest of a cut line, the next repetition of a
    /// ~SEQ/~LST, the next line of a multi-line definition being expanded, then the files.</summary>
    private bool TryTakeLine(out string text, out SourceLocation at, out bool fromFile)
    {
        fromFile = false;
        if (_residue is { } residue)
        {
            _residue = null;
            (text, at) = (residue.Text, residue.At);
            return true;
        }

        if (TryTakeSequenceLine(out text, out at) || TryTakeExpansionLine(out text, out at))
        {
            return true;
        }

        fromFile = true;
        while (TryReadFileLine(out text, out at))
        {
            if (_openDefinition is null)
            {
                return true;
            }

            ContinueDefinition(text);
        }

        return false;
    }

    private LogicalLine CutAtBrace(string text, SourceLocation at)
    {
        var brace = FindBrace(text);
        if (brace >= 0)
        {
            var restStart = brace;
            if (brace == 0)
            {
                restStart = 1;
                while (restStart < text.Length && (text[restStart] == ' ' || text[restStart] == '\t'))
                {
                    restStart++;
                }
            }

            var rest = text[restStart..].TrimEnd(' ', '\t');
            if (rest.Length > 0)
            {
                _residue = new LogicalLine(rest, at);
            }

            text = brace == 0 ? text[..1] : text[..brace];
        }

        text = text.TrimEnd(' ', '\t');
        var closesNothing = false;
        if (text == "{")
        {
            _braceDepth++;
        }
        else if (text == "}" && --_braceDepth < 0)
        {
            // read_line() counts braces over the whole input, whatever the keywords.
            _diagnostics.Error(at, DiagnosticCodes.ExtraCloseBrace, "extra '}' found: more '}' than '{' so far");
            _braceDepth = 0;
            closesNothing = true;
        }

        return new LogicalLine(text, at, closesNothing);
    }

    /// <summary>The first '{' or '}' outside double quotes; an unclosed quote hides the rest of the line.</summary>
    private static int FindBrace(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '{' or '}':
                    return i;
                case '"':
                    var close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        return -1;
                    }

                    i = close;
                    break;
            }
        }

        return -1;
    }

    /// <summary>'@ID rest' keeps rest only when ID is the config id; '@^ID rest' only when it is not.</summary>
    private string ApplyConditional(string text)
    {
        var negate = text.Length > 1 && text[1] == '^';
        var idStart = negate ? 2 : 1;
        var space = text.IndexOfAny([' ', '\t'], idStart);
        if (space < 0)
        {
            return "";
        }

        var matches = _options.ConfigId is { } id && text.AsSpan(idStart, space - idStart).SequenceEqual(id);
        return matches == negate ? "" : text[space..].TrimStart(' ', '\t');
    }
}
