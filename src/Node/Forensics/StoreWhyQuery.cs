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

    /// <summary>How far around T the transitions are read first for `--at T` (then eight times as far, and so on).</summary>
    private static readonly TimeSpan FirstSpan = TimeSpan.FromMinutes(30);

    /// <summary>The widest span read by range; past it, every transition of the VIP is read.</summary>
    private static readonly TimeSpan WidestSpan = TimeSpan.FromDays(3650);

    /// <summary>How many of the last transitions are read first for the last move.</summary>
    private const int LastFirst = 32;

    /// <summary>The moves chosen as `esha why` chooses them: every one, the one nearest a time, or the last. Only
    /// `--all` reads every transition of the VIP; the others read those around T (or the last few) and read further
    /// only while none of those was a move.</summary>
    public static async Task<IReadOnlyList<VipMove>> MovesAsync(IQuerySession session, IPAddress vip, DateTimeOffset? at, bool all)
    {
        if (!all)
        {
            return at is { } t ? await Nearest(session, vip, t) : await Last(session, vip);
        }

        var transitions = await StoreRecords.VipTransitions(session, vip.ToString(), CancellationToken.None);
        var moves = new List<VipMove>();
        foreach (var taken in transitions.Where(t => t.Held))
        {
            if (await Explain(session, vip, taken, LetGo(transitions, taken, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)) is { } move)
            {
                moves.Add(move);
            }
        }

        return moves;
    }

    /// <summary>The move nearest T (a tie goes to the earlier, as MinBy over the moves gives it): the takings of a
    /// span around T by distance; a taking not yet tried in a wider span is farther than every one of the narrower.</summary>
    private static async Task<IReadOnlyList<VipMove>> Nearest(IQuerySession session, IPAddress vip, DateTimeOffset at)
    {
        var tried = new HashSet<string>(StringComparer.Ordinal);
        for (var span = FirstSpan; ; span *= 8)
        {
            var (from, to) = span > WidestSpan ? (DateTimeOffset.MinValue, DateTimeOffset.MaxValue) : (at - span, at + span);
            var transitions = span > WidestSpan
                ? await StoreRecords.VipTransitions(session, vip.ToString(), CancellationToken.None)
                : await StoreRecords.VipTransitions(session, vip.ToString(), from, to, CancellationToken.None);
            var takings = transitions.Where(t => t.Held && tried.Add(t.Id)).OrderBy(t => (t.Wall - at).Duration()).ToList();
            if (await FirstMove(session, vip, takings, transitions, from, to) is { } move)
            {
                return [move];
            }

            if (span > WidestSpan)
            {
                return [];
            }
        }
    }

    /// <summary>The last move: the last few takings first, then every one.</summary>
    private static async Task<IReadOnlyList<VipMove>> Last(IQuerySession session, IPAddress vip)
    {
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transitions in new[] { await StoreRecords.LastVipTransitions(session, vip.ToString(), LastFirst, CancellationToken.None), null })
        {
            var read = transitions ?? await StoreRecords.VipTransitions(session, vip.ToString(), CancellationToken.None);
            var from = transitions is [var first, ..] && transitions.Count >= LastFirst ? first.Wall.AddTicks(1) : DateTimeOffset.MinValue;
            var takings = Enumerable.Reverse(read.Where(t => t.Held && tried.Add(t.Id)).ToList()).ToList();
            if (await FirstMove(session, vip, takings, read, from, DateTimeOffset.MaxValue) is { } move)
            {
                return [move];
            }
        }

        return [];
    }

    /// <summary>The last time another node let the VIP go, up to <see cref="MoveRecords.After"/> the taking, when the
    /// transitions read (every one from <paramref name="from"/> to <paramref name="to"/>) can tell; null when they
    /// cannot (it may be before them, or there is none).</summary>
    private static VipTransition? LetGo(IReadOnlyList<VipTransition> transitions, VipTransition taken, DateTimeOffset from, DateTimeOffset to) =>
        taken.Wall + MoveRecords.After <= to || to == DateTimeOffset.MaxValue
            ? transitions.LastOrDefault(t => !t.Held && t.Node != taken.Node && t.Wall <= taken.Wall + MoveRecords.After && t.Wall >= from)
            : null;

    /// <summary>The first of <paramref name="takings"/> that was a move; its old holder's letting go found among the
    /// transitions read (every one from <paramref name="from"/> to <paramref name="to"/>) or, when they cannot tell,
    /// by one query.</summary>
    private static async Task<VipMove?> FirstMove(IQuerySession session, IPAddress vip, IReadOnlyList<VipTransition> takings,
        IReadOnlyList<VipTransition> transitions, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var taken in takings)
        {
            var letGo = LetGo(transitions, taken, from, to)
                ?? await StoreRecords.LastLetGo(session, vip.ToString(), taken.Node, taken.Wall + MoveRecords.After, CancellationToken.None);
            if (await Explain(session, vip, taken, letGo) is { } move)
            {
                return move;
            }
        }

        return null;
    }

    /// <summary>The move a taking was, or null if it was none; read again further back while its chain reaches out
    /// of what was read.</summary>
    private static async Task<VipMove?> Explain(IQuerySession session, IPAddress vip, VipTransition taken, VipTransition? letGo)
    {
        for (var lookback = Lookback; ; lookback *= 4)
        {
            var read = await MoveRecords.Around(session, taken, letGo, lookback, CancellationToken.None);
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
