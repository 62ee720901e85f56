using System.Globalization;
using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>One step of a why-chain: a record of a node in words. <paramref name="Inferred"/>: the step is not a
/// recorded causation but a conclusion — an advert matched across nodes by its content, or a silent node's part
/// read from another node's records.</summary>
public sealed record ChainLink(string Node, long Sequence, DateTimeOffset At, string Type, string Sentence, bool Inferred = false);

/// <summary>A move of a VIP from one holder to another: the answer in one sentence, and the chain from root cause to
/// effect.</summary>
public sealed record VipMove(DateTimeOffset At, IPAddress Vip, string From, string To, string Summary, IReadOnlyList<ChainLink> Chain);

/// <summary>
/// "Why did the VIP move?": for each move (<see cref="VipHandovers"/>), the chain of the node that let go (its record
/// that ended its mastership, followed back through causation ids to the outside input at the root) and the chain of
/// the node that took over (its BecameMaster, followed back the same way). Within a node the links are recorded.
/// Across nodes they are inferred from advert content: an advert a node received or stopped hearing is matched to the
/// sender's own record of sending it (same address, same priority, within <see cref="ClockSkew"/>). When the old
/// holder's journal is missing, the new master's records say whose adverts stopped, and the root is marked inferred.
/// </summary>
public static class WhyChains
{
    /// <summary>How far apart two nodes' wall clocks may be for a sent and a received advert to be matched.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(2);

    /// <summary>How soon after a takeover an old holder's stepping down counts as part of the move (it hears the new
    /// master's first advert within an advert interval or two).</summary>
    public static readonly TimeSpan LetGoAfter = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<VipMove> For(IReadOnlyList<TimelineEntry> entries, IPAddress vip) => For(entries, vip, _ => true);

    /// <summary>The moves of the handovers <paramref name="which"/> picks (explaining one of a week's thousand moves
    /// should not cost a thousand).</summary>
    public static IReadOnlyList<VipMove> For(IReadOnlyList<TimelineEntry> entries, IPAddress vip, Func<VipHandover, bool> which)
    {
        var context = new WhyContext(entries);
        var held = VipOwnership.Of(entries).Where(v => v.Vip.Equals(vip)).ToList();
        var heldAt = held.ToLookup(h => (h.Node, h.From));
        var moves = new List<VipMove>();
        foreach (var handover in VipHandovers.From(held).Where(which))
        {
            var taken = heldAt[(handover.To, handover.At)].First();
            var taker = Preemption(taken, context.Walk(context.At(taken.Node, taken.Because)), context);
            var heard = taker.LastOrDefault(l => l.Type is nameof(MasterAdvertAccepted) && l.Node == taken.Node);
            var chain = new List<ChainLink>();
            string from, oldSide;
            if (handover.From is { } previousNode)
            {
                from = previousNode;
                var previous = held.Last(h => h.Node == previousNode && h.From < taken.From);
                if (context.Ended(previous) is { } ended && ended.Wall <= taken.From + LetGoAfter)
                {
                    chain.AddRange(context.Walk(ended));
                    oldSide = $"{from}: {string.Join(" -> ", chain.Select(l => $"{l.Sentence} at {Clock(l.At)}").Take(1).Concat(chain.Skip(1).Select(l => l.Sentence)))}";
                }
                else
                {
                    // Its journal has it MASTER on: killed or crashed without a word (its next record is a restart),
                    // or cut off and master on its side too. What it last journaled before the takeover is the clue.
                    var last = context.LastOf(previous.Node, taken.From);
                    chain.AddRange(last is null ? [] : [context.Link(last)]);
                    oldSide = $"{from}: still MASTER in its journal when {taken.Node} took over" +
                        (last is null ? "" : $"; its last record before was at {Clock(last.Wall)} ({chain[0].Sentence})");
                }
            }
            else if (heard is not null && context.At(heard.Node, heard.Sequence).Fact is MasterAdvertAccepted advert && context.NodeOf(advert.Source) is null)
            {
                // Only the taker's journal: the master it last heard stopped advertising (its own records say why not).
                from = advert.Source.ToString();
                chain.Add(heard with { Node = from, Sequence = 0, Type = "inferred", Inferred = true,
                    Sentence = $"stopped advertising after {Clock(heard.At)} (no journal of {from}: inferred from {taken.Node}'s, the root is unknown)" });
                oldSide = $"{from}: no journal; inferred from {taken.Node}'s that it stopped advertising after {Clock(heard.At)}";
            }
            else
            {
                continue;   // the first election: nobody held it before
            }

            // Root first: an old holder that let go before the takeover is the cause (its link went down); one that
            // let go at or after it is the consequence (it heard the new master preempt).
            var consequence = chain.Count > 0 && !chain[0].Inferred && chain[^1].At >= taken.From;
            chain = consequence ? [.. taker, .. chain] : [.. chain, .. taker];
            var takerSide = TakerSide(taken.Node, taker);
            var summary = consequence ? $"{takerSide}; then {oldSide}" : $"{oldSide}; {takerSide}";
            moves.Add(new VipMove(taken.From, vip, from, taken.Node, summary, context.Linked(chain)));
        }

        return moves;
    }

    /// <summary>
    /// The taker's chain, with its preemption put in when that is why its master-down timer ran out: a backup with
    /// the higher priority waits preempt_delay, then ignores the lower-priority master's adverts, so the timer the
    /// last heeded advert armed expires. The preempt delay and the first ignored advert are recorded events of the
    /// same instance, linked here by time (between its last role change and the takeover).
    /// </summary>
    private static List<ChainLink> Preemption(VipInterval taken, List<ChainLink> takerChain, WhyContext context)
    {
        var timer = takerChain.FindIndex(l => l.Type == nameof(MasterDownTimerFired));
        if (timer < 0)
        {
            return takerChain;
        }

        var instance = context.Of(taken.Node, taken.Instance).Where(e => e.Wall <= taken.From).ToList();
        var lastChange = instance.LastOrDefault(e => e.Fact is BecameBackup or EnteredFault && e.Sequence < taken.Because)?.Sequence ?? 0;
        var delay = instance.LastOrDefault(e => e.Fact is PreemptDelayStarted && e.Sequence > lastChange);
        if (delay is null)
        {
            return takerChain;
        }

        var ignored = instance.FirstOrDefault(e => e.Fact is LowerPriorityAdvertIgnored && e.Sequence > delay.Sequence);
        var links = new List<ChainLink> { context.Link(delay) };
        if (ignored is not null)
        {
            links.Add(context.Link(ignored));
        }

        // The advert that armed the timer was heeded during the delay: it stays, after the delay's start.
        var heeded = takerChain.Take(timer).Where(l => l.At > delay.Wall).ToList();
        return [.. takerChain.Take(timer).Where(l => l.At <= delay.Wall), .. links.Take(1), .. heeded, .. links.Skip(1), .. takerChain.Skip(timer)];
    }

    /// <summary>The taker's part in words: what ran out (or resigned), and the preemption behind it if any.</summary>
    private static string TakerSide(string node, List<ChainLink> taker)
    {
        var why = taker.LastOrDefault(l => l.Type is nameof(MasterDownTimerFired) or nameof(MasterResigned))?.Sentence ?? taker[^1].Sentence;
        var delay = taker.FirstOrDefault(l => l.Type == nameof(PreemptDelayStarted));
        var ignored = taker.FirstOrDefault(l => l.Type == nameof(LowerPriorityAdvertIgnored));
        return delay is null
            ? $"{node}'s {why}"
            : $"{node} preempted after its {delay.Sentence.Replace("preempt delay started ", "preempt delay ", StringComparison.Ordinal)}" +
              (ignored is null ? "" : $": from {Clock(ignored.At)} it {ignored.Sentence.Replace(" (will preempt)", "", StringComparison.Ordinal)}") +
              $", so its {why}";
    }

    /// <summary>A move in one line: when, what moved where, and the answer, then the chain root first.</summary>
    public static string Sentence(VipMove move) =>
        $"{Clock(move.At)} {move.Vip} moved {move.From} -> {move.To}: {move.Summary}";

    public static string Clock(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
