namespace EsHa.Domain.Config.Reading;

/// <summary>keepalived's decomment(): trims, cuts the comment ('#' or '!' outside double quotes), unescapes
/// "\#" and "\!", and keeps a final '\' (the continuation mark of a multi-line definition).</summary>
public static class Decomment
{
    public readonly record struct Result(string Text, bool UnterminatedQuote);

    public static Result Apply(string line)
    {
        var start = 0;
        while (start < line.Length && (line[start] == ' ' || line[start] == '\t'))
        {
            start++;
        }

        System.Text.StringBuilder? escaped = null;
        var quote = false;
        var continued = false;
        var commentAt = -1;
        var end = line.Length;
        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                quote = commentAt < 0 ? !quote : quote;
            }
            else if (c == '\\')
            {
                if (i + 1 == line.Length)
                {
                    continued = true;
                    end = i;
                    break;
                }

                if (!quote && commentAt < 0 && (line[i + 1] == '#' || line[i + 1] == '!'))
                {
                    escaped ??= new System.Text.StringBuilder().Append(line, start, i - start);
                    escaped.Append(line[i + 1]);
                    i++;
                    continue;
                }

                escaped?.Append(c);
                i++;
                c = line[i];
            }
            else if (!quote && commentAt < 0 && (c == '!' || c == '#'))
            {
                commentAt = escaped?.Length ?? i - start;
            }

            escaped?.Append(c);
        }

        var text = escaped?.ToString() ?? line[start..end];
        if (commentAt >= 0)
        {
            text = text[..commentAt];
        }

        text = text.TrimEnd(' ', '\t');
        return new Result(continued ? text + "\\" : text, quote);
    }
}
