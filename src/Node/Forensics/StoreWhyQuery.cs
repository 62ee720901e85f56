using System.Net;
using EsHa.Node.Journal.Central;
using EsHa.Projections.Forensics;
using Marten;

namespace EsHa.Node.Forensics;

/// <summary>
/// `esha why --store`: the same moves and chains as from the journals, without reading the store's history. The VIP's
/// transitions (the read model) say when a node took it; each candidate is explained from the records around it
/// (<see cref="MoveRecords"/>) by the same <see cref="WhyChains"/>. A taking that explains as no move (the first
/// election: nobody held the VIP before) is passed over, as the journals' answer passes it over. (The journals' twin
/// is <see cref="WhyQuery"/>.)
/// </summary>
public static class StoreWhyQuery
{
    /// <summary>Enough for a chain's causes (a master-down timer is three adverts and a skew) and a preempt delay.</summary>
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    /// <summary>How far back a chain that still reaches out of its window is followed (the lookback grows fourfold up
    /// to it): beyond the longest a chain spans (a preempt_delay is at most 1000 s, a master-down timer three adverts of
    /// at most 255 s), a missing cause is missing from the journal too.</summary>
    private static readonly TimeSpan MaxLookback = TimeSpan.FromMinutes(80);

    /// <summary>The moves chosen as `esha why` chooses them: every one, the one nearest a time, or the last.</summary>
    public static async Task<IReadOnlyList<VipMove>> MovesAsync(IQuerySession session, IPAddress vip, DateTimeOffset? at, bool all)
    {
        var transitions = await StoreRecords.VipTransitions(session, vip.ToString(), CancellationToken.None);
        var taken = transitions.Where(t => t.Held).ToList();

        // The order to try them in: a tie in distance goes to the earlier move, as MinBy over the moves gives it.
        IEnumerable<VipTransition> candidates = all ? taken
            : at is { } t ? taken.OrderBy(m => (m.Wall - t).Duration())
            : Enumerable.Reverse(taken);
        var moves = new List<VipMove>();
        foreach (var candidate in candidates)
        {
            if (await Explain(session, vip, transitions, candidate) is { } move)
            {
                moves.Add(move);
                if (!all)
                {
                    break;
                }
            }
        }

        return moves;
    }

    /// <summary>The move a taking was, or null if it was none; read again further back while its chain reaches out
    /// of what was read.</summary>
    private static async Task<VipMove?> Explain(IQuerySession session, IPAddress vip, IReadOnlyList<VipTransition> transitions, VipTransition taken)
    {
        for (var lookback = Lookback; ; lookback *= 4)
        {
            var read = await MoveRecords.Around(session, transitions, taken, lookback, CancellationToken.None);
            List<TimelineEntry> entries = [.. read.Records.Select(JournalForensics.Entry)];
            var move = WhyChains.For(entries, vip, h => h.At == taken.Wall && h.To == taken.Node) is [var found, ..] ? found : null;
            if (lookback >= MaxLookback || Complete(move, taken, entries, read.Windows))
            {
                return move;
            }
        }
    }

    /// <summary>
    /// Whether what was read holds all the move needs: the taker's chain and every recorded link's own causes are
    /// there back to their root (a cause before the window would have been a further link), and every link is inside
    /// a window (one from the state before it may have neighbours that were not read, such as a preemption's first
    /// ignored advert).
    /// </summary>
    private static bool Complete(VipMove? move, VipTransition taken, List<TimelineEntry> entries, IReadOnlyList<StoreWindow> windows)
    {
        var byKey = entries.ToDictionary(e => (e.Node, e.Sequence));
        var recorded = move?.Chain.Where(l => !l.Inferred).ToList() ?? [];
        return recorded.All(l => windows.Any(w => w.Holds(l.At)))
            && recorded.Select(l => (l.Node, l.Sequence)).Append((taken.Node, taken.Sequence)).All(k => Rooted(byKey, k));
    }

    /// <summary>Whether a record's causes are all there, as far as a why-chain follows them.</summary>
    private static bool Rooted(Dictionary<(string, long), TimelineEntry> byKey, (string Node, long Sequence) key)
    {
        for (var steps = 0; steps <= 32; steps++)
        {
            if (!byKey.TryGetValue(key, out var entry))
            {
                return false;
            }

            if (entry.Cause is not { } cause)
            {
                return true;
            }

            key = (key.Node, cause);
        }

        return true;
    }
}
