using System.Globalization;
using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>One step of a why-chain: a record of a node (or, when <paramref name="Inferred"/>, a conclusion drawn
/// from another node's records) in words.</summary>
public sealed record ChainLink(string Node, long Sequence, DateTimeOffset At, string Type, string Sentence, bool Inferred = false);

/// <summary>A move of a VIP from one holder to another, with the chain from root cause to effect.</summary>
public sealed record VipMove(DateTimeOffset At, IPAddress Vip, string From, string To, IReadOnlyList<ChainLink> Chain);

/// <summary>
/// "Why did the VIP move?": for each move (a new MASTER holding the VIP after another), the chain of the node that
/// let go (its record that ended its mastership, followed back through causation ids to the outside input at the
/// root) and the chain of the node that took over (its BecameMaster, followed back the same way). Within a node the
/// links are recorded; when the old holder's journal is missing, the new master's own records say whose adverts it
/// stopped hearing, and that link is marked inferred.
/// </summary>
public static class WhyChains
{
    public static IReadOnlyList<VipMove> For(IReadOnlyList<TimelineEntry> entries, IPAddress vip)
    {
        var byKey = entries.ToDictionary(e => (e.Node, e.Sequence));
        var held = VipOwnership.Of(entries).Where(v => v.Vip.Equals(vip)).ToList();
        var moves = new List<VipMove>();
        for (var i = 0; i < held.Count; i++)
        {
            var taken = held[i];
            var takerChain = Walk(byKey[(taken.Node, taken.Because)], byKey);
            var previous = held.Take(i).LastOrDefault(h => h.Node != taken.Node && h.To is { } end && end <= taken.From + TimeSpan.FromSeconds(5));
            var chain = new List<ChainLink>();
            string from;
            if (previous is not null)
            {
                from = previous.Node;
                var ended = entries.FirstOrDefault(e => e.Node == previous.Node && e.Wall == previous.To
                    && (e.Stream == previous.Instance && e.Fact is BecameBackup or EnteredFault or InstanceStopped || e.Fact is NodeRestarted or NodeStopped));
                if (ended is not null)
                {
                    chain.AddRange(Walk(ended, byKey));
                }
            }
            else if (takerChain.FirstOrDefault(l => l.Type == nameof(MasterAdvertAccepted)) is { } lastHeard
                && byKey[(lastHeard.Node, lastHeard.Sequence)].Fact is MasterAdvertAccepted advert)
            {
                // Only the taker's journal: the master it last heard stopped advertising (its own records say why not).
                from = advert.Source.ToString();
                chain.Add(lastHeard with { Node = from, Sequence = 0, Type = "inferred", Inferred = true,
                    Sentence = $"{from} stopped advertising after {Clock(lastHeard.At)} (inferred from {taken.Node}'s journal: its last advert there)" });
            }
            else
            {
                continue;   // the first election: nobody held it before
            }

            // Root first: an old holder that let go before the takeover is the cause (its link went down); one that
            // let go at or after it is the consequence (it heard the new master preempt).
            var taker = Preemption(entries, taken, takerChain);
            var consequence = chain.Count > 0 && !chain[0].Inferred && chain[^1].At >= taken.From;
            chain = consequence ? [.. taker, .. chain] : [.. chain, .. taker];
            moves.Add(new VipMove(taken.From, vip, from, taken.Node, chain));
        }

        return moves;
    }

    /// <summary>
    /// The taker's chain, with its preemption put in when that is why its master-down timer ran out: a backup with
    /// the higher priority waits preempt_delay, then ignores the lower-priority master's adverts, so the timer the
    /// last accepted advert armed expires. The preempt delay and the first ignored advert are recorded events of the
    /// same instance, linked here by time (between its last role change and the takeover).
    /// </summary>
    private static List<ChainLink> Preemption(IReadOnlyList<TimelineEntry> entries, VipInterval taken, List<ChainLink> takerChain)
    {
        var timer = takerChain.FindIndex(l => l.Type == nameof(MasterDownTimerFired));
        if (timer < 0)
        {
            return takerChain;
        }

        var instance = entries.Where(e => e.Node == taken.Node && e.Stream == taken.Instance && e.Wall <= taken.From).ToList();
        var lastChange = instance.LastOrDefault(e => e.Fact is BecameBackup or EnteredFault && e.Sequence < taken.Because)?.Sequence ?? 0;
        var delay = instance.LastOrDefault(e => e.Fact is PreemptDelayStarted && e.Sequence > lastChange);
        if (delay is null)
        {
            return takerChain;
        }

        var ignored = instance.FirstOrDefault(e => e.Fact is LowerPriorityAdvertIgnored && e.Sequence > delay.Sequence);
        var links = new List<ChainLink> { new(delay.Node, delay.Sequence, delay.Wall, nameof(PreemptDelayStarted), Words(delay.Fact)) };
        if (ignored is not null)
        {
            links.Add(new ChainLink(ignored.Node, ignored.Sequence, ignored.Wall, nameof(LowerPriorityAdvertIgnored), Words(ignored.Fact)));
        }

        return [.. takerChain.Take(timer).Where(l => l.At <= delay.Wall), .. links, .. takerChain.Skip(timer)];
    }

    /// <summary>A move in one line, root cause first.</summary>
    public static string Sentence(VipMove move) =>
        $"{Clock(move.At)} {move.Vip} moved {move.From} -> {move.To}: " + string.Join(" -> ", move.Chain.Select(l =>
            $"{(l.Inferred ? "(inferred) " : "")}{l.Node} {Clock(l.At)} {l.Sentence}"));

    public static string Clock(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>A record and its causes within its node, root first.</summary>
    private static List<ChainLink> Walk(TimelineEntry entry, Dictionary<(string, long), TimelineEntry> byKey)
    {
        var chain = new List<ChainLink>();
        for (var e = entry; ; )
        {
            chain.Add(new ChainLink(e.Node, e.Sequence, e.Wall, e.Fact.GetType().Name, Words(e.Fact)));
            if (e.Cause is not { } cause || !byKey.TryGetValue((e.Node, cause), out var next) || chain.Count > 32)
            {
                break;
            }

            e = next;
        }

        chain.Reverse();
        return chain;
    }

    private static string Words(Fact fact) => fact switch
    {
        AdvertReceived a => $"advert from {a.Source} prio {a.Advert.Priority}",
        MasterDownTimerFired => "master-down timer expired",
        InterfaceLinkChanged l => $"link {(l.Up ? "up" : "down")}",
        VrrpInput i => i.GetType().Name,
        _ => Timeline.What(fact),
    };
}
