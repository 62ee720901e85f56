using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Source;

namespace EsHa.Domain.Config.Reading;

public sealed partial class LineReader
{
    private const string IncludeKeyword = "include";

    private bool OpenMainFile(string mainFile, string mainFileName)
    {
        var path = ConfigPath.Normalize(mainFile);
        var result = Glob.Expand(_fs, path);
        var frame = new IncludeFrame(result.Matches, mainFile, IncludeKind.Readable | IncludeKind.Match);
        _includes.Add(frame);
        if (OpenNextMatch(frame, null, displayMain: mainFileName))
        {
            return true;
        }

        _includes.Clear();
        _diagnostics.Error(null, DiagnosticCodes.FileUnreadable, $"cannot read configuration file '{mainFileName}'");
        return false;
    }

    private bool TryReadFileLine(out string text, out SourceLocation at)
    {
        while (_includes.Count > 0)
        {
            var frame = _includes[^1];
            var file = frame.Current;
            if (file is not null && file.TryReadPhysicalLine(out var raw))
            {
                at = new SourceLocation(file.DisplayName, file.LineNumber);
                LastLocation = at;
                if (file.LastWasCut && _lineTooLongReportedAt != at)
                {
                    _lineTooLongReportedAt = at;
                    _diagnostics.Warning(at, DiagnosticCodes.LineTooLong,
                        $"line longer than {SourceFile.ReadChunkMax} characters: keepalived reads the rest as a new line");
                }

                text = DecommentTwice(raw, at);
                if (text.Length == 0)
                {
                    // The processes that act re-read an empty line here, which ends a multi-line definition.
                    EndDefinitionOnBlankLine();
                    continue;
                }

                return true;
            }

            if (!OpenNextMatch(frame, at: null, displayMain: null))
            {
                // An include_check set inside the included files ends with them.
                _includeCheck = frame.IncludeCheckBefore;
                _includes.RemoveAt(_includes.Count - 1);
            }
        }

        text = "";
        at = LastLocation;
        return false;
    }

    /// <summary>
    /// keepalived's parent decomments each line and writes it to a copy of the configuration, which the VRRP and
    /// checker processes (the ones that act) read and decomment again. So "\#" and "\!" escape a comment
    /// character only for the parent: the second pass sees a comment. EsHa reads what the acting processes read,
    /// and says so when the two passes differ.
    /// </summary>
    private string DecommentTwice(string raw, SourceLocation at)
    {
        var once = Decomment.Apply(raw);
        if (once.UnterminatedQuote)
        {
            _diagnostics.Error(at, DiagnosticCodes.UnmatchedQuote, $"unterminated quote in '{once.Text}'");
        }

        if (once.Text.Length == 0 || !once.Text.Contains('#') && !once.Text.Contains('!'))
        {
            return once.Text;
        }

        var twice = Decomment.Apply(once.Text).Text;
        if (twice != once.Text)
        {
            _diagnostics.Warning(at, DiagnosticCodes.EscapedComment,
                $"keepalived reads this line two ways: its parent (which acts on global_defs) as '{once.Text}', its VRRP " +
                $"and checker processes as '{twice}' ('\\#' and '\\!' escape only the first reading); EsHa uses the second",
                "quote the value instead, e.g. \"a#b\"");
        }

        return twice;
    }

    /// <summary>Opens the next readable file an include matched; false when none is left.</summary>
    private bool OpenNextMatch(IncludeFrame frame, SourceLocation? at, string? displayMain)
    {
        frame.Current = null;
        while (frame.NextMatch < frame.Matches.Count)
        {
            var path = frame.Matches[frame.NextMatch++];
            var severity = (frame.Kind & IncludeKind.Readable) != 0 ? Severity.Error : Severity.Warning;
            var kind = path.EndsWith('/') ? EntryKind.Directory : _fs.KindOf(path);
            if (kind != EntryKind.File)
            {
                var why = kind == EntryKind.Directory ? "is a directory" : "is not a regular non-executable file";
                Report(at, severity, DiagnosticCodes.IncludeNotRegular, $"configuration file '{path}' {why} - skipping");
                continue;
            }

            var canonical = ConfigPath.Normalize(path);
            if (_includes.Any(f => f.Current is { } open && ConfigPath.Normalize(open.Path) == canonical))
            {
                _diagnostics.Error(at ?? LastLocation, DiagnosticCodes.IncludeCycle,
                    $"'{path}' is already being read: including it again would never end - skipping");
                continue;
            }

            var text = _fs.ReadAllText(path, out var error);
            if (text is null)
            {
                Report(at, severity, DiagnosticCodes.FileUnreadable, $"configuration file '{path}' cannot be read ({error}) - skipping");
                continue;
            }

            FilesRead.Add(path);
            frame.Current = new SourceFile(path, displayMain ?? path, SourceFile.SplitLines(text));
            return true;
        }

        return false;
    }

    /// <summary>keepalived's is_include(): "include", or includer/m/w/b/a, then whitespace; null otherwise.
    /// <paramref name="rest"/> is where the pattern starts.</summary>
    private static IncludeKind? IncludeKindOf(string text, out int rest)
    {
        rest = IncludeKeyword.Length;
        if (!text.StartsWith(IncludeKeyword, StringComparison.Ordinal) || text.Length <= rest)
        {
            return null;
        }

        if (IsSpace(text[rest]))
        {
            return IncludeKind.Plain;
        }

        if (text.Length <= rest + 1 || !IsSpace(text[rest + 1]))
        {
            return null;
        }

        var kind = text[rest++] switch
        {
            'r' => IncludeKind.Readable,
            'm' => IncludeKind.Readable | IncludeKind.Match,
            'w' => IncludeKind.Readable | IncludeKind.Match | IncludeKind.WildcardMatch,
            'b' => IncludeKind.Readable | IncludeKind.BraceMatch,
            'a' => IncludeKind.All,
            _ => (IncludeKind?)null,
        };
        return kind;
    }

    private bool TryInclude(string text, SourceLocation at)
    {
        if (IncludeKindOf(text, out var rest) is not { } kind)
        {
            return false;
        }

        OpenInclude(text[rest..].Trim(' ', '\t'), kind | _includeCheck, at);
        return true;
    }

    /// <summary>keepalived's parent copies every line that is not already an include into the configuration its
    /// VRRP and checker processes re-read; an include that only appears after '@ID', a definition or a ~SEQ is
    /// therefore copied as a directive too, and those processes read its files twice.</summary>
    private void WarnOnIncludeReadTwice(bool writtenAsInclude, SourceLocation at)
    {
        if (!writtenAsInclude)
        {
            _diagnostics.Warning(at, DiagnosticCodes.IncludeReadTwice,
                "an include produced by '@ID', a definition or ~SEQ/~LST is read twice by keepalived 2.2.7's VRRP and " +
                "checker processes: the blocks it holds are then defined twice", "write the include directly, or 'include $FILE'");
        }
    }

    private void OpenInclude(string pattern, IncludeKind kind, SourceLocation at)
    {
        var directory = _includes.Count > 0 && _includes[^1].Current is { } file ? file.Directory : "/";
        var result = Glob.Expand(_fs, ConfigPath.Resolve(directory, pattern));
        if (result.Matches.Count == 0)
        {
            var (code, message, checkedBy) = result.SomethingMissing
                ? (DiagnosticCodes.IncludeMissing, $"config files missing '{pattern}'", IncludeKind.Match | IncludeKind.BraceMatch)
                : (DiagnosticCodes.IncludeMissing, $"no config files matched '{pattern}'", IncludeKind.WildcardMatch);
            Report(at, (kind & checkedBy) != 0 ? Severity.Error : Severity.Warning, code, message);
            return;
        }

        if (result.SomethingMissing)
        {
            // With the brace_match check, keepalived includes none of the files when one is missing.
            var strict = (kind & IncludeKind.BraceMatch) != 0;
            Report(at, strict ? Severity.Error : Severity.Warning, DiagnosticCodes.IncludeMissing,
                $"some config files missing: '{pattern}'{(strict ? " - none of them is read" : "")}");
            if (strict)
            {
                return;
            }
        }

        var frame = new IncludeFrame(result.Matches, pattern, kind) { IncludeCheckBefore = _includeCheck };
        _includes.Add(frame);
        if (!OpenNextMatch(frame, at, displayMain: null))
        {
            _includes.RemoveAt(_includes.Count - 1);
        }
    }

    /// <summary>global_defs' include_check [[+|-]read|match|wildcard_match|brace_match ...]: which include
    /// failures are errors from here on (keepalived applies it while parsing, to the includes that follow).</summary>
    public void SetIncludeCheck(IReadOnlyList<string> words, SourceLocation at)
    {
        if (words.Count == 0)
        {
            _includeCheck = IncludeKind.All;
            return;
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var sign = word[0] is '+' or '-' ? word[0] : ' ';
            var flag = word.TrimStart('+', '-') switch
            {
                "read" => IncludeKind.Readable,
                "match" => IncludeKind.Match,
                "wildcard_match" => IncludeKind.WildcardMatch,
                "brace_match" => IncludeKind.BraceMatch,
                _ => (IncludeKind?)null,
            };
            if (flag is null || (sign == ' ' && i > 0))
            {
                _diagnostics.Error(at, DiagnosticCodes.BadValue, $"include_check '{word}' is not understood - ignoring",
                    "use read, match, wildcard_match or brace_match, each optionally after + or -");
                continue;
            }

            _includeCheck = sign switch
            {
                '+' => _includeCheck | flag.Value,
                '-' => _includeCheck & ~flag.Value,
                _ => IncludeKind.Readable | flag.Value,
            };
        }
    }

    private void Report(SourceLocation? at, Severity severity, string code, string message) =>
        _diagnostics.Add(new Diagnostic(at ?? LastLocation, severity, code, message));

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\f' or '\v' or '\r' or '\n';
}
