namespace EsHa.Domain.Config.Lint;

/// <summary>Where a mark rule was read: a line of a file, or a rule of the live nft ruleset (its table and chain, and
/// the handle nft gave it), or a line of a live command's output.</summary>
/// <param name="Source">the file as the operator named it, or "nft ruleset" / "iptables-save" for live rules</param>
/// <param name="Line">1-based line in <paramref name="Source"/>; 0 when the rule is named by its handle</param>
/// <param name="Place">"table ip mangle chain prerouting" for nft rules named by handle</param>
/// <param name="Handle">nft's rule handle</param>
public sealed record RuleOrigin(string Source, int Line, string? Place = null, long? Handle = null)
{
    public override string ToString() => Handle is { } handle
        ? $"{Source}, {Place}, handle {handle}"
        : $"{Source}:{Line}";

    /// <summary>This origin written after <paramref name="previous"/> in one sentence: ":2" after "rules.txt:1",
    /// "handle 5" after another rule of the same chain, else in full.</summary>
    public string After(RuleOrigin previous)
    {
        if (Source != previous.Source)
        {
            return ToString();
        }

        if (Handle is { } handle)
        {
            return Place == previous.Place && previous.Handle is not null ? $"handle {handle}" : ToString();
        }

        return previous.Handle is null ? $":{Line}" : ToString();
    }

    /// <summary>Origins in one phrase: "rules.txt:1 and :2", "rules.txt:1, :2 and :5".</summary>
    public static string List(IReadOnlyList<RuleOrigin> origins)
    {
        var names = origins.Select((o, i) => i == 0 ? o.ToString() : o.After(origins[i - 1])).ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }
}
