using System.Globalization;
using EsHa.Domain.Config.Diagnostics;

namespace EsHa.Domain.Config.Reading;

public sealed partial class LineReader
{
    private readonly List<Repetition> _sequences = [];

    /// <summary>A pending ~SEQ or ~LST: for each value set, define the variables, then hand out the template.</summary>
    private sealed class Repetition(string[] variables, Queue<string[]> valueSets, string template, SourceLocation at)
    {
        public string[] Variables { get; } = variables;

        public Queue<string[]> ValueSets { get; } = valueSets;

        public string Template { get; } = template;

        public SourceLocation At { get; } = at;
    }

    /// <summary>The steps of read_line() between reading a line and checking it for an include.</summary>
    private string Preprocess(string text, SourceLocation at)
    {
        for (var round = 0; round < ExpansionsPerLineMax; round++)
        {
            if (text.StartsWith('@'))
            {
                text = ApplyConditional(text);
                if (text.Length == 0)
                {
                    return "";
                }
            }

            if (text.StartsWith('$') && TryDefine(text))
            {
                return "";
            }

            if (text.StartsWith("~SEQ", StringComparison.Ordinal) || text.StartsWith("~LST", StringComparison.Ordinal))
            {
                AddRepetition(text, at);
                return "";
            }

            if (text.StartsWith('~') || !text.Contains('$', StringComparison.Ordinal) || !ReplaceDefinitions(ref text, at))
            {
                return text;
            }

            text = Decomment.Apply(text).Text;
            if (!text.StartsWith('@') && !text.Contains('$', StringComparison.Ordinal))
            {
                return text;
            }
        }

        return text;
    }

    private bool TryTakeSequenceLine(out string text, out SourceLocation at)
    {
        var depth = _expansions.TryPeek(out var pending) ? pending.SequenceDepth : 0;
        while (_sequences.Count > depth)
        {
            var repetition = _sequences[^1];
            if (repetition.ValueSets.TryDequeue(out var values))
            {
                for (var i = 0; i < repetition.Variables.Length; i++)
                {
                    _definitions[repetition.Variables[i]] = new Definition(repetition.Variables[i], values[i], false);
                }

                (text, at) = (repetition.Template, repetition.At);
                return true;
            }

            _sequences.RemoveAt(_sequences.Count - 1);
        }

        (text, at) = ("", default);
        return false;
    }

    private void AddRepetition(string text, SourceLocation at)
    {
        var isSequence = text[1] == 'S';
        var parsed = isSequence ? SequenceSyntax.ParseSeq(text, s => Expand(s, at)) : SequenceSyntax.ParseLst(text);
        if (parsed.Error is { } error)
        {
            _diagnostics.Error(at, DiagnosticCodes.BadSequence, error);
            return;
        }

        _sequences.Add(new Repetition(parsed.Variables, new Queue<string[]>(parsed.ValueSets), parsed.Template, at));
    }

    private string Expand(string text, SourceLocation at)
    {
        ReplaceDefinitions(ref text, at);
        return text;
    }
}

/// <summary>The two repetition forms: ~SEQ[x](var, [start,] [step,] end) text and
/// ~LST(var, v1, v2, ...) text or ~LST({a,b}, {1,2}, {3,4}) text.</summary>
internal static class SequenceSyntax
{
    /// <summary>A repetition would produce more lines than any real configuration has; likely a typo.</summary>
    private const long RepetitionsMax = 1_000_000;

    public sealed record Parsed(string[] Variables, List<string[]> ValueSets, string Template, string? Error);

    private static Parsed Fail(string message) => new([], [], "", message);

    public static Parsed ParseSeq(string text, Func<string, string> expand)
    {
        var hex = text.Length > 4 && text[4] == 'x';
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.IndexOf(')', StringComparison.Ordinal);
        if (open < 0 || close < open || text[(hex ? 5 : 4)..open].Trim().Length > 0)
        {
            return Fail($"invalid ~SEQ specification '{text}'");
        }

        var parts = expand(text[(open + 1)..close]).Split(',').Select(p => p.Trim()).ToArray();
        if (parts.Length is < 2 or > 4 || parts[0].Length == 0)
        {
            return Fail($"invalid ~SEQ definition '{text}'");
        }

        var numbers = new long[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            if (!TryParseC(parts[i], out numbers[i - 1]))
            {
                return Fail($"invalid ~SEQ definition '{text}': '{parts[i]}' is not a number");
            }
        }

        var (start, step, end) = numbers.Length switch
        {
            1 => (numbers[0] < 0 ? -1L : 1L, numbers[0] < 1 ? -1L : 1L, numbers[0]),
            2 => (numbers[0], numbers[0] <= numbers[1] ? 1L : -1L, numbers[1]),
            _ => (numbers[0], numbers[1], numbers[2]),
        };
        if (step == 0 || (start < end && step < 0) || (start > end && step > 0))
        {
            return Fail($"invalid ~SEQ values '{text}'");
        }

        if (hex && (start < 0 || end < 0))
        {
            return Fail($"~SEQx is only valid for positive numbers '{text}'");
        }

        if (Math.Abs((end - start) / step) > RepetitionsMax)
        {
            return Fail($"~SEQ would repeat more than {RepetitionsMax} times '{text}'");
        }

        var sets = new List<string[]>();
        for (var v = start; step > 0 ? v <= end : v >= end; v += step)
        {
            sets.Add([hex ? v.ToString("x", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture)]);
        }

        return new Parsed([parts[0]], sets, text[(close + 1)..].Trim(' ', '\t'), null);
    }

    public static Parsed ParseLst(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.IndexOf(')', StringComparison.Ordinal);
        if (open < 0 || close < open || text[4..open].Trim().Length > 0)
        {
            return Fail($"invalid ~LST specification '{text}'");
        }

        var groups = SplitGroups(text[(open + 1)..close]);
        if (groups is null || groups.Count < 2 || groups[0].Length == 0 || groups[0].Any(v => v.Length == 0))
        {
            return Fail($"invalid ~LST specification '{text}'");
        }

        var variables = groups[0];
        var sets = new List<string[]>();
        foreach (var values in groups.Skip(1))
        {
            if (values.Length > variables.Length)
            {
                return Fail($"~LST specification has too many values '{text}'");
            }

            sets.Add([.. values, .. Enumerable.Repeat("", variables.Length - values.Length)]);
        }

        return new Parsed(variables, sets, text[(close + 1)..].Trim(' ', '\t'), null);
    }

    /// <summary>"a, b, c" gives [a],[b],[c]; "{a,b}, {1,2}" gives [a,b],[1,2]; null when braces do not pair.</summary>
    private static List<string[]>? SplitGroups(string body)
    {
        var groups = new List<string[]>();
        var i = 0;
        while (i <= body.Length)
        {
            while (i < body.Length && body[i] is ' ' or '\t')
            {
                i++;
            }

            int end;
            string[] group;
            if (i < body.Length && body[i] == '{')
            {
                end = body.IndexOf('}', i);
                if (end < 0)
                {
                    return null;
                }

                group = body[(i + 1)..end].Split(',').Select(v => v.Trim()).ToArray();
                end = body.IndexOf(',', end);
            }
            else
            {
                end = body.IndexOf(',', i);
                group = [(end < 0 ? body[i..] : body[i..end]).Trim()];
            }

            groups.Add(group);
            if (end < 0)
            {
                break;
            }

            i = end + 1;
        }

        return groups;
    }

    /// <summary>strtol(s, 0): decimal, 0x hex or leading-0 octal.</summary>
    private static bool TryParseC(string s, out long value)
    {
        var negative = s.StartsWith('-');
        var digits = negative || s.StartsWith('+') ? s[1..] : s;
        bool ok;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (digits.Length > 1 && digits[0] == '0' && digits.All(c => c is >= '0' and <= '7'))
        {
            value = digits.Aggregate(0L, (acc, c) => (acc * 8) + (c - '0'));
            ok = true;
        }
        else
        {
            ok = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        value = negative ? -value : value;
        return ok;
    }
}
