namespace EsHa.Domain.Config.Source;

/// <summary>csh-style brace expansion as glibc's GLOB_BRACE does it: "a{b,c{d,e}}f" gives abf, acdf, acef, in
/// the order written; "{a}" gives a. An unbalanced or empty brace is literal text.</summary>
public static class BraceExpansion
{
    public static IReadOnlyList<string> Expand(string pattern)
    {
        var open = FindOpen(pattern);
        if (open < 0)
        {
            return [pattern];
        }

        var (close, commas) = FindClose(pattern, open);
        if (close < 0 || close == open + 1)
        {
            return [pattern];
        }

        var head = pattern[..open];
        var tail = pattern[(close + 1)..];
        var results = new List<string>();
        var from = open + 1;
        foreach (var end in commas.Append(close))
        {
            results.AddRange(Expand(head + pattern[from..end] + tail));
            from = end + 1;
        }

        return results;
    }

    private static int FindOpen(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == '{')
            {
                return i;
            }
        }

        return -1;
    }

    private static (int Close, List<int> Commas) FindClose(string s, int open)
    {
        var depth = 0;
        var commas = new List<int>();
        for (var i = open + 1; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '\\':
                    i++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return (i, commas);
                case '}':
                    depth--;
                    break;
                case ',' when depth == 0:
                    commas.Add(i);
                    break;
            }
        }

        return (-1, commas);
    }
}
