using System.Net;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Forensics;

namespace EsHa.Node.Forensics;

/// <summary>
/// `esha why` for one move without reading a week of records: the VIP's index gives its handovers; for the chosen one
/// only a window of every node's records around it is read (<see cref="Lookback"/> before, <see cref="After"/> after),
/// with the VIP's own records and any cause older than the window fetched by sequence, and the same pure
/// <see cref="WhyChains"/> answers as over everything.
/// </summary>
public static class WhyQuery
{
    /// <summary>Long enough for the causes of a takeover: a master-down interval, a steady run's checkpoint (a
    /// minute) and a preempt delay of several minutes; older causes are fetched one by one.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromMinutes(10);

    /// <summary>An old holder lets go of the VIP within a few adverts of the takeover.</summary>
    public static readonly TimeSpan After = TimeSpan.FromSeconds(30);

    /// <summary>The move nearest <paramref name="at"/> (or the last one), or null when the index cannot say (the
    /// caller reads everything then) — an empty list when the VIP never moved.</summary>
    public static IReadOnlyList<VipMove>? Explain(IForensicsIndex index, IPAddress vip, DateTimeOffset? at)
    {
        var indexed = index.VipRecords(vip);
        if (!indexed.Any(e => e.Fact is InstanceStarted))
        {
            return null;
        }

        var candidates = VipHandovers.Of(indexed).Where(h => h.Vip.Equals(vip));
        candidates = at is { } t ? candidates.OrderBy(h => (h.At - t).Duration()).ThenBy(h => h.At) : candidates.OrderByDescending(h => h.At);
        foreach (var handover in candidates)
        {
            // The first election explains nothing (unless another node's adverts stopped before it: then it is a move).
            var entries = Around(index, indexed, handover.At);
            if (WhyChains.For(entries, vip, h => h.At == handover.At && h.To == handover.To) is [var move, ..])
            {
                return [move];
            }
        }

        return [];
    }

    private static List<TimelineEntry> Around(IForensicsIndex index, IReadOnlyList<TimelineEntry> indexed, DateTimeOffset at)
    {
        // The VIP's instances and the nodes' own records: a node's LVS traffic (most of its journal) explains no move.
        var window = index.Window(at - Lookback, at + After, indexed.Select(e => e.Stream).Append("").ToHashSet(StringComparer.Ordinal));
        var byKey = new Dictionary<(string, long), TimelineEntry?>();
        foreach (var e in indexed.Concat(window))
        {
            byKey.TryAdd((e.Node, e.Sequence), e);
        }

        // Causes older than the window, one by one (a chain is short: an outside input is a few steps back). Only the
        // window's records are followed: the VIP's older role changes are there for who-held-what, not to explain.
        var follow = new Queue<TimelineEntry>(window);
        while (follow.TryDequeue(out var e))
        {
            if (e.Cause is { } cause && !byKey.ContainsKey((e.Node, cause)))
            {
                var found = index.Record(e.Node, cause);   // null: archived by retention; the chain stops there
                byKey[(e.Node, cause)] = found;
                if (found is not null)
                {
                    follow.Enqueue(found);
                }
            }
        }

        return [.. byKey.Values.OfType<TimelineEntry>().OrderBy(e => e.Node, StringComparer.Ordinal).ThenBy(e => e.Sequence)];
    }
}
