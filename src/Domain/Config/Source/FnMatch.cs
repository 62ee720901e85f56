namespace EsHa.Domain.Config.Source;

/// <summary>fnmatch(3) for one path segment: '*', '?', bracket expressions ([a-z], [!x], [^x]) and '\' escapes.</summary>
public static class FnMatch
{
    public static bool HasWildcards(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            switch (segment[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?' or '[':
                    return true;
            }
        }

        return false;
    }

    public static string Unescape(string segment) =>
        segment.Contains('\\', StringComparison.Ordinal) ? string.Concat(Unescaped(segment)) : segment;

    private static IEnumerable<char> Unescaped(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '\\' && i + 1 < segment.Length)
            {
                i++;
            }

            yield return segment[i];
        }
    }

    public static bool Matches(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            switch (c)
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }

                    if (pi == p.Length)
                    {
                        return true;
                    }

                    for (var k = si; k <= s.Length; k++)
                    {
                        if (Match(p, pi, s, k))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (si == s.Length)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
                case '[' when TryMatchBracket(p, pi, s, si, out var next, out var matched):
                    if (!matched)
                    {
                        return false;
                    }

                    pi = next;
                    si++;
                    break;
                default:
                    if (c == '\\' && pi + 1 < p.Length)
                    {
                        pi++;
                        c = p[pi];
                    }

                    if (si == s.Length || s[si] != c)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
            }
        }

        return si == s.Length;
    }

    /// <summary>Returns false when '[' does not start a well-formed bracket expression (it is then literal).</summary>
    private static bool TryMatchBracket(string p, int pi, string s, int si, out int next, out bool matched)
    {
        next = pi;
        matched = false;
        var i = pi + 1;
        var negate = i < p.Length && (p[i] == '!' || p[i] == '^');
        if (negate)
        {
            i++;
        }

        var start = i;
        var hit = false;
        var ch = si < s.Length ? s[si] : '\0';
        while (i < p.Length && (p[i] != ']' || i == start))
        {
            var low = p[i];
            if (i + 2 < p.Length && p[i + 1] == '-' && p[i + 2] != ']')
            {
                hit |= ch >= low && ch <= p[i + 2];
                i += 3;
            }
            else
            {
                hit |= ch == low;
                i++;
            }
        }

        if (i >= p.Length)
        {
            return false;
        }

        next = i + 1;
        matched = si < s.Length && hit != negate;
        return true;
    }
}
