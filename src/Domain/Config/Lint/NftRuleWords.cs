namespace EsHa.Domain.Config.Lint;

/// <summary>One nft rule as `nft list ruleset` prints it, read for what decides a packet's mark: "ip daddr", the
/// transport's "dport", "iifname" and "meta mark set". Words are split on blanks; an anonymous set "{ 80, 443 }"
/// and a quoted string stay one word each.</summary>
internal sealed class NftRuleWords
{
    private static readonly HashSet<string> Transports = new(StringComparer.Ordinal) { "tcp", "udp", "sctp", "dccp", "udplite" };

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "==", "!=", "eq", "ne" };

    public List<string> Destinations { get; } = [];

    public bool DestinationNegated { get; private set; }

    public string? Protocol { get; private set; }

    public List<string> Ports { get; } = [];

    public string? InInterface { get; private set; }

    /// <summary>Whether the rule sets the packet's mark at all ("ct mark set" sets the connection's, not this).</summary>
    public bool SetsMark { get; private set; }

    /// <summary>The mark a packet leaves with, when the rule sets it to a number EsHa can read.</summary>
    public uint? Mark { get; private set; }

    /// <summary>Set when the mark depends on the mark the packet arrived with ("meta mark set meta mark | 0x10").</summary>
    public string? MarkExpression { get; private set; }

    /// <summary>Why the rule could not be read, when it sets a mark but not in a way EsHa understands.</summary>
    public string? Problem { get; private set; }

    public static NftRuleWords Read(string rule)
    {
        var words = Split(rule);
        var read = new NftRuleWords();
        for (var i = 0; i < words.Count; i++)
        {
            i = read.Take(words, i);
        }

        return read;
    }

    /// <returns>the index of the last word this match used</returns>
    private int Take(IReadOnlyList<string> words, int i)
    {
        string? At(int k) => k < words.Count ? words[k] : null;
        switch (words[i], At(i + 1))
        {
            case ("ip" or "ip6", "daddr"):
                return TakeValue(words, i + 2, (value, negated) =>
                {
                    Problem = value == "." ? "the destination is part of a concatenation (ip daddr . port)" : Problem;
                    DestinationNegated = negated;
                    Destinations.AddRange(Elements(value).Select(MarkRule.NormalizeDestination));
                });
            case (var transport, "dport") when Transports.Contains(transport) || transport == "th":
                Protocol = transport == "th" ? Protocol : transport;
                // "dport != 22" marks every port but these: for what the lint compares, that is any port.
                return TakeValue(words, i + 2, (value, negated) => Ports.AddRange(negated ? [] : Elements(value)));
            case ("meta", "l4proto") or ("ip", "protocol") or ("ip6", "nexthdr"):
                return TakeValue(words, i + 2, (value, _) => Protocol ??= value.Trim('{', '}', ' ').Replace(" ", "", StringComparison.Ordinal));
            case ("meta", "iifname" or "iif"):
                return Take(words, i + 1);
            case ("iifname" or "iif", _):
                return TakeValue(words, i + 1, (value, negated) => InInterface = (negated ? "!" : "") + value.Trim('"'));
            case ("ct", "mark"):
                // The connection's mark: IPVS reads the packet's, so "ct mark set" is none of ours.
                return i + 1;
            case ("mark", "set"):
                SetsMark = true;
                return TakeMark(words, i + 2);
            default:
                return i;
        }
    }

    private static int TakeValue(IReadOnlyList<string> words, int i, Action<string, bool> use)
    {
        var negated = false;
        if (i < words.Count && Operators.Contains(words[i]))
        {
            negated = words[i] is "!=" or "ne";
            i++;
        }

        if (i < words.Count)
        {
            use(words[i], negated);
        }

        return i;
    }

    /// <summary>After "mark set": a number, or the arriving mark combined with numbers ("meta mark &amp; 0xffff03ff
    /// | 0x00000300"), which EsHa reads as what an unmarked packet would get.</summary>
    private int TakeMark(IReadOnlyList<string> words, int i)
    {
        if (i < words.Count && MarkNumber.TryParse(words[i], out var direct))
        {
            Mark = direct;
            return i;
        }

        var expression = new List<string>();
        var k = i;
        if (k < words.Count && words[k] == "meta")
        {
            expression.Add(words[k++]);
        }

        if (k >= words.Count || words[k] != "mark")
        {
            Problem = $"the mark is set from \"{string.Join(' ', words.Skip(i).Take(3))}\", not from a number";
            return i;
        }

        uint mark = 0;
        expression.Add(words[k++]);
        for (; k + 1 < words.Count && words[k] is "&" or "and" or "|" or "or" or "^" or "xor"; k += 2)
        {
            if (!MarkNumber.TryParse(words[k + 1], out var operand))
            {
                Problem = $"the mark expression uses \"{words[k + 1]}\", not a number";
                return k + 1;
            }

            mark = words[k] is "&" or "and" ? mark & operand : words[k] is "|" or "or" ? mark | operand : mark ^ operand;
            expression.Add(words[k]);
            expression.Add(words[k + 1]);
        }

        Mark = mark;
        MarkExpression = string.Join(' ', expression);
        return k - 1;
    }

    /// <summary>"{ 80, 443 }" → 80 and 443; "80" → 80.</summary>
    private static IEnumerable<string> Elements(string value) =>
        value.Trim('{', '}').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<string> Split(string rule)
    {
        var words = new List<string>();
        var start = -1;
        var depth = 0;
        var quoted = false;
        for (var i = 0; i <= rule.Length; i++)
        {
            var c = i < rule.Length ? rule[i] : ' ';
            quoted = c == '"' ? !quoted : quoted;
            depth += quoted ? 0 : c == '{' ? 1 : c == '}' ? -1 : 0;
            var blank = char.IsWhiteSpace(c) && depth == 0 && !quoted;
            if (blank && start >= 0)
            {
                words.Add(rule[start..i]);
                start = -1;
            }
            else if (!blank && start < 0)
            {
                start = i;
            }
        }

        return words;
    }
}
