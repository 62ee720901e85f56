using EsHa.Node.Linux.Lvs.Ipvs;

namespace EsHa.IpvsGuest;

/// <summary>`ipvsadm -Ln --stats --exact` next to the backend's counters: one "service | destination  conns inpkts
/// outpkts inbytes outbytes" line each, whitespace normalised, compared as sorted sets (ipvsadm lists in the
/// kernel's hash order).</summary>
public static class IpvsadmStats
{
    public static (bool Same, string Difference) Compare(IReadOnlyList<LvsServiceCounters> counters, string statsListing)
    {
        var ours = counters.SelectMany(Lines).Order(StringComparer.Ordinal).ToList();
        var theirs = Parse(statsListing).Order(StringComparer.Ordinal).ToList();
        var same = ours.Count > 0 && ours.SequenceEqual(theirs);
        return (same, same ? "equal" : $"ours [{string.Join("; ", ours.Except(theirs))}] ipvsadm [{string.Join("; ", theirs.Except(ours))}]");
    }

    private static IEnumerable<string> Lines(LvsServiceCounters service)
    {
        var name = Normalise(service.Service.ToString());
        yield return $"{name} | {Numbers(service.Traffic)}";
        foreach (var d in service.Destinations)
        {
            yield return $"{name} | -> {d.Endpoint} {Numbers(d.Traffic)}";
        }
    }

    private static string Numbers(LvsTraffic t) => $"{t.Connections} {t.PacketsIn} {t.PacketsOut} {t.BytesIn} {t.BytesOut}";

    private static IEnumerable<string> Parse(string listing)
    {
        var service = "";
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 6 || !tokens[^5..].All(t => t.All(char.IsAsciiDigit)))
            {
                continue;
            }

            var head = string.Join(' ', tokens[..^5]);
            if (tokens[0] == "->")
            {
                yield return $"{service} | {head} {string.Join(' ', tokens[^5..])}";
            }
            else
            {
                service = head;
                yield return $"{service} | {string.Join(' ', tokens[^5..])}";
            }
        }
    }

    private static string Normalise(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
