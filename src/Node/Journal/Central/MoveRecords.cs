using Marten;

namespace EsHa.Node.Journal.Central;

/// <summary>A wall-clock window read whole.</summary>
public sealed record StoreWindow(DateTimeOffset From, DateTimeOffset To)
{
    public bool Holds(DateTimeOffset wall) => wall >= From && wall <= To;
}

/// <summary>The records read to explain one move, and the windows they were read in (outside them, only the state
/// records of <see cref="StateRecords.Before"/>).</summary>
public sealed record MoveRecordSet(IReadOnlyList<JournalRecord> Records, IReadOnlyList<StoreWindow> Windows);

/// <summary>
/// The records that explain one move of a VIP (a node's instance becoming MASTER with it), read from the store
/// without its history: every node's records from <c>lookback</c> before the move until <see cref="After"/> it (the
/// taker's causes, the old holder letting go, a preemption), each instance's state as of that window's start (its
/// VIPs, its role and since when), and — when the old holder let go before that window (nobody held the VIP for a
/// while) — the same around its letting go, which the VIP's transitions (the read model) date.
/// </summary>
public static class MoveRecords
{
    /// <summary>How long after a takeover the old holder's letting go still counts as part of it (as the why-chains
    /// count it).</summary>
    public static readonly TimeSpan After = TimeSpan.FromSeconds(5);

    /// <param name="taken">the transition of the move (held)</param>
    /// <param name="letGo">the last time another node let the VIP go, up to <see cref="After"/> the move</param>
    public static async Task<MoveRecordSet> Around(IQuerySession session, VipTransition taken, VipTransition? letGo,
        TimeSpan lookback, CancellationToken cancellation)
    {
        var windows = new List<StoreWindow> { new(taken.Wall - lookback, taken.Wall + After) };
        if (letGo is not null && letGo.Wall < windows[0].From)
        {
            windows.Add(new StoreWindow(letGo.Wall - lookback, letGo.Wall + After));
        }

        var records = new List<JournalRecord>();
        foreach (var window in windows)
        {
            records.AddRange(await StateRecords.Before(session, window.From, cancellation).ConfigureAwait(false));
            records.AddRange(await StoreRecords.Window(session, window.From, window.To, cancellation).ConfigureAwait(false));
        }

        return new MoveRecordSet(StoreRecords.Ordered(records), windows);
    }
}
