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
                if (raw.Length == 0)
                {
                    // A truly empty line ends a multi-line definition; one that is only a comment does not.
                    EndDefinitionOnBlankLine();
                    continue;
                }

                var decommented = Decomment.Apply(raw);
                if (decommented.UnterminatedQuote)
                {
                    _diagnostics.Error(at, DiagnosticCodes.UnmatchedQuote,
                        $"unterminated quote in '{decommented.Text}'");
                }

                if (decommented.Text.Length == 0)
                {
                    continue;
                }

                text = decommented.Text;
                return true;
            }

            if (!OpenNextMatch(frame, at: null, displayMain: null))
            {
                _includes.RemoveAt(_includes.Count - 1);
            }
        }

        text = "";
        at = LastLocation;
        return false;
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

            if (_includes.Any(f => f.Current?.Path == path))
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

    /// <summary>keepalived's check_include(): "include", or includer/m/w/b/a, then whitespace and a glob.</summary>
    private bool TryInclude(string text, SourceLocation at)
    {
        if (!text.StartsWith(IncludeKeyword, StringComparison.Ordinal) || text.Length <= IncludeKeyword.Length)
        {
            return false;
        }

        var kind = IncludeKind.Plain;
        var rest = IncludeKeyword.Length;
        if (!IsSpace(text[rest]))
        {
            if (text.Length <= rest + 1 || !IsSpace(text[rest + 1]))
            {
                return false;
            }

            kind = text[rest] switch
            {
                'r' => IncludeKind.Readable,
                'm' => IncludeKind.Readable | IncludeKind.Match,
                'w' => IncludeKind.Readable | IncludeKind.Match | IncludeKind.WildcardMatch,
                'b' => IncludeKind.Readable | IncludeKind.BraceMatch,
                'a' => IncludeKind.All,
                _ => (IncludeKind)(-1),
            };
            if (kind == (IncludeKind)(-1))
            {
                return false;
            }

            rest++;
        }

        var pattern = text[rest..].Trim(' ', '\t');
        OpenInclude(pattern, kind, at);
        return true;
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
            Report(at, (kind & IncludeKind.BraceMatch) != 0 ? Severity.Error : Severity.Warning,
                DiagnosticCodes.IncludeMissing, $"some config files missing: '{pattern}'");
        }

        var frame = new IncludeFrame(result.Matches, pattern, kind);
        _includes.Add(frame);
        if (!OpenNextMatch(frame, at, displayMain: null))
        {
            _includes.RemoveAt(_includes.Count - 1);
        }
    }

    private void Report(SourceLocation? at, Severity severity, string code, string message) =>
        _diagnostics.Add(new Diagnostic(at ?? LastLocation, severity, code, message));

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\f' or '\v' or '\r' or '\n';
}
