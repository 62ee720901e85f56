namespace EsHa.Domain.Config.Lint;

/// <summary>Why a fwmark service may be starved, from the rules that are there: the usual slip is a rule copied from
/// its neighbour with the mark left unchanged (two destinations, one mark), or a rule with a mark nobody takes.</summary>
internal static class StarvedHints
{
    /// <summary>", but rules at rules.txt:1 and :2 both set mark 6 (192.168.126.100 and 192.168.126.101, tcp 80,443)",
    /// or "" when the rules suggest nothing.</summary>
    public static string Explain(int starvedCount, IReadOnlyList<MarkRule> rules, IReadOnlySet<uint> servedMarks)
    {
        if (SharedMark(rules) is { } shared)
        {
            var all = shared.Count == 2 ? "both" : "all";
            return $", but rules at {Origins(shared)} {all} set mark {shared[0].Mark} ({Targets(shared)})";
        }

        if (Stray(rules, servedMarks, starvedCount) is { } stray)
        {
            return $", but {Origins(stray)} set{(stray.Count == 1 ? "s" : "")} mark {stray[0].Mark} ({Targets(stray)}), "
                + $"which no virtual_server takes";
        }

        return "";
    }

    /// <summary>"did rules.txt:2 mean --set-mark 7?" when one rule is the likely slip, else null.</summary>
    public static string? Suggest(FwmarkService service, int starvedCount, IReadOnlyList<MarkRule> rules, IReadOnlySet<uint> servedMarks)
    {
        if (starvedCount != 1)
        {
            return null;
        }

        MarkRule? culprit = null;
        if (SharedMark(rules) is { } shared)
        {
            // Two destinations share the mark: the later rule is the copy whose mark was not changed.
            culprit = shared.Select(r => r.DestinationText).Distinct().Count() == 2
                ? shared.Last(r => r.DestinationText != shared[0].DestinationText)
                : null;
        }
        else if (Stray(rules, servedMarks, starvedCount) is [var only])
        {
            culprit = only;
        }

        return culprit is null ? null : $"did {culprit.Origin} mean {culprit.SetMarkText(service.Mark)}?";
    }

    /// <summary>The rules of the lowest mark that several rules set for different destinations.</summary>
    private static List<MarkRule>? SharedMark(IReadOnlyList<MarkRule> rules) =>
        rules.GroupBy(r => r.Mark)
            .Where(g => g.Select(r => r.DestinationText).Distinct().Count() >= 2)
            .OrderBy(g => g.Key)
            .Select(g => g.ToList())
            .FirstOrDefault();

    /// <summary>With one starved service, the rules of the one mark that no service takes.</summary>
    private static List<MarkRule>? Stray(IReadOnlyList<MarkRule> rules, IReadOnlySet<uint> servedMarks, int starvedCount)
    {
        var unused = rules.Where(r => !servedMarks.Contains(r.Mark)).GroupBy(r => r.Mark).ToList();
        return starvedCount == 1 && unused.Count == 1 ? unused[0].ToList() : null;
    }

    private static string Origins(List<MarkRule> rules) => RuleOrigin.List([.. rules.Select(r => r.Origin)]);

    /// <summary>"192.168.126.100 and 192.168.126.101, tcp 80,443" when the rules differ only by destination, else
    /// each rule described: "10.0.0.1 tcp 80; 10.0.0.2 udp 53".</summary>
    private static string Targets(List<MarkRule> rules)
    {
        var traffic = rules.Select(r => (r.TrafficText, r.InInterface)).Distinct().ToList();
        if (rules.Count == 1 || traffic.Count != 1)
        {
            return string.Join("; ", rules.Select(r => r.Describe()));
        }

        var destinations = rules.Select(r => r.DestinationText).ToList();
        var joined = $"{string.Join(", ", destinations[..^1])} and {destinations[^1]}";
        var (text, device) = traffic[0];
        var rest = (text.Length == 0 ? "" : $", {text}") + (device is null ? "" : $" on {device}");
        return joined + rest;
    }
}
