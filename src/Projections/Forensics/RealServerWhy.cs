using EsHa.Domain.Lvs;

namespace EsHa.Projections.Forensics;

/// <summary>A real server's health or weight changing on a node, with the chain from the probes to the kernel.</summary>
public sealed record RealServerChange(DateTimeOffset At, string Node, string VirtualServer, string RealServer, string From, string To,
    string Summary, IReadOnlyList<ChainLink> Chain);

/// <summary>
/// `esha why --rs IP:PORT`: for each change of a real server (down, up, a weight), the probe results that led to it
/// (the failed attempts since its checker was last up, each with its reason), the change itself, and what followed:
/// the kernel mutation the node made for it and any quorum change of its virtual server (records whose recorded
/// cause is the change, or the same probe result).
/// </summary>
public static class RealServerWhy
{
    public static IReadOnlyList<RealServerChange> For(IReadOnlyList<TimelineEntry> entries, string realServer)
    {
        var context = new WhyContext(entries);
        var byCause = entries.Where(e => e.Cause is not null).ToLookup(e => (e.Node, e.Cause!.Value));
        var changes = new List<RealServerChange>();
        var state = new Dictionary<(string Node, string VirtualServer), string>();
        foreach (var e in entries.Where(e => e.Fact is LvsEvent l && e.Stream == Stream(l.VirtualServer, realServer)).OrderBy(e => e.Wall).ThenBy(e => e.Node, StringComparer.Ordinal).ThenBy(e => e.Sequence))
        {
            var lvs = (LvsEvent)e.Fact;
            var now = lvs switch
            {
                RealServerStarted s => s.Alive ? $"alive, weight {s.Weight}" : "down",
                RealServerWentUp u => $"alive, weight {u.Weight}",
                RealServerWentDown d => d.Inhibited ? "down (weight 0)" : "down (removed)",
                RealServerWeightChanged w => $"alive, weight {w.To}",
                RealServerStopped => "stopped",
                _ => null,
            };
            if (now is null)
            {
                continue;
            }

            var key = (e.Node, lvs.VirtualServer);
            var before = state.GetValueOrDefault(key, "unknown");
            state[key] = now;
            if (lvs is RealServerStarted)
            {
                continue;
            }

            // One node's records, so its sequence is the causal order: the failed attempts since the checker was last
            // up, the probe result behind the change, what that result also decided (the checker going down), the
            // change; then what followed from it (the kernel mutation, a quorum change).
            var links = new SortedDictionary<long, ChainLink>();
            var walked = context.Walk(e);
            walked.ForEach(l => links[l.Sequence] = l);
            var stream = context.Of(e.Node, Stream(lvs.VirtualServer, realServer));
            if (lvs is RealServerWentDown down)
            {
                var lastUp = stream.LastOrDefault(a => a.Sequence < e.Sequence && a.Fact is CheckerWentUp or RealServerWentUp or RealServerStarted)?.Sequence ?? 0;
                foreach (var a in stream.Where(a => a.Sequence > lastUp && a.Sequence < e.Sequence && a.Fact is CheckAttemptFailed f && f.Checker == down.Checker))
                {
                    links[a.Sequence] = context.Link(a);
                }
            }

            var input = walked[0].Sequence;
            foreach (var sibling in byCause[(e.Node, input)].Where(x => x.Sequence < e.Sequence && x.Fact is LvsEvent))
            {
                links[sibling.Sequence] = context.Link(sibling);
            }

            var effects = byCause[(e.Node, e.Sequence)].Concat(byCause[(e.Node, input)])
                .Where(f => f.Sequence > e.Sequence && f.Fact is LvsKernelEvent or QuorumGained or QuorumLost)
                .DistinctBy(f => f.Sequence).OrderBy(f => f.Sequence).Select(context.Link);
            List<ChainLink> chain = [.. links.Values, .. effects];
            var summary = $"{e.Node}: {realServer} of {lvs.VirtualServer} {before} -> {now}: {LvsDescribe(lvs)}" +
                (chain.FirstOrDefault(l => l.Type == nameof(CheckAttemptFailed)) is { } first ? $" (failing since {WhyChains.Clock(first.At)})" : "");
            changes.Add(new RealServerChange(e.Wall, e.Node, lvs.VirtualServer, realServer, before, now, summary, chain));
        }

        return changes;
    }

    /// <summary>A real server's stream in a node's journal: "VS/RS" (as the LVS runtime names it).</summary>
    private static string Stream(string virtualServer, string realServer) => $"{virtualServer}/{realServer}";

    private static string LvsDescribe(LvsEvent e) => Lvs.LvsDescribe.What(e);
}
