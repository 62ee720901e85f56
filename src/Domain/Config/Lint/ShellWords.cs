using System.Text;

namespace EsHa.Domain.Config.Lint;

/// <summary>Splits a command line into words as a POSIX shell does for plain commands: blanks separate, single and
/// double quotes group, a backslash escapes the next character. No expansion: rule files hold literal commands.</summary>
public static class ShellWords
{
    /// <returns>the words, or null when a quote is not closed</returns>
    public static IReadOnlyList<string>? Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else if (c == '\\' && open == '"' && i + 1 < line.Length)
                {
                    word.Append(line[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                if (c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == '\\' && i + 1 < line.Length)
                {
                    word.Append(line[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
        }

        if (quote is not null)
        {
            return null;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
