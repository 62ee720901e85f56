namespace EsHa.Domain.Config.Schema;

/// <summary>"Did you mean" for unknown keywords: a keyword the words were meant to be when joined
/// ('unicast src_ip' → 'unicast_src_ip'), a deprecated spelling's replacement, or the nearest keyword of the block.</summary>
public static class KeywordHints
{
    private static readonly Dictionary<string, string> Replacements = new(StringComparer.Ordinal)
    {
        ["nb_get_retry"] = "retry",
        ["nb_sock_retry"] = "retry",
        ["lvs_sync_daemon_interface"] = "lvs_sync_daemon (in global_defs)",
    };

    public static string? For(BlockSchema block, IReadOnlyList<string> words, BlockSchema root)
    {
        var word = words[0];
        if (words.Count > 1 && block.Find($"{word}_{words[1]}") is { } joined)
        {
            return $"did you mean '{joined.Name}'? keywords are single words joined by '_'";
        }

        if (Replacements.TryGetValue(word, out var replacement) && block.Find(replacement.Split(' ')[0]) is not null)
        {
            // The operator's value is lost: say what keepalived uses instead.
            return word == "nb_get_retry"
                ? $"did you mean 'retry'? keepalived 2.2.7 ignores nb_get_retry here, so retry stays at its default"
                : $"did you mean '{replacement}'?";
        }

        var nearest = Nearest(word, block.Keywords.Select(k => k.Name));
        if (nearest is not null)
        {
            return $"did you mean '{nearest}'?";
        }

        var elsewhere = Where(root, word).Take(3).ToList();
        return elsewhere.Count > 0 ? $"'{word}' belongs in {string.Join(", ", elsewhere.Select(p => $"'{p}'"))}" : null;
    }

    /// <summary>The block paths where a keyword is valid.</summary>
    public static IEnumerable<string> Where(BlockSchema block, string keyword)
    {
        if (block.Find(keyword) is not null)
        {
            yield return block.Path.Length == 0 ? "the top level" : block.Path;
        }

        foreach (var child in block.Keywords.Where(k => k.Block is not null))
        {
            foreach (var path in Where(child.Block!, keyword))
            {
                yield return path;
            }
        }
    }

    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        var limit = Math.Max(2, word.Length / 4);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance (Levenshtein with transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
