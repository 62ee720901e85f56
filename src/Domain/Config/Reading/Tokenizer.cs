namespace EsHa.Domain.Config.Reading;

/// <summary>keepalived's alloc_strvec_r(): words split at whitespace; a word that starts with '"' runs to the next
/// '"' (quotes removed, spaces kept); an unquoted word also ends at a '"'.</summary>
public static class Tokenizer
{
    public static string[] Split(string line, out bool unmatchedQuote)
    {
        unmatchedQuote = false;
        var words = new List<string>(4);
        var i = 0;
        while (true)
        {
            while (i < line.Length && IsWhite(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                break;
            }

            if (line[i] == '"')
            {
                var close = line.IndexOf('"', i + 1);
                if (close < 0)
                {
                    unmatchedQuote = true;
                    break;
                }

                words.Add(line[(i + 1)..close]);
                i = close + 1;
                continue;
            }

            var start = i;
            while (i < line.Length && !IsWhite(line[i]) && line[i] != '"')
            {
                i++;
            }

            words.Add(line[start..i]);
        }

        return [.. words];
    }

    private static bool IsWhite(char c) => c is ' ' or '\t' or '\f' or '\n' or '\r' or '\v';
}
