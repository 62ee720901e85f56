using Marten;

namespace EsHa.Node.Journal.Central;

/// <summary>
/// The central store read back as journal records, parsed from the canonical bodies the nodes shipped (so a record
/// read here is the record the node's journal holds): every node's records, the records of a wall-clock window, and a
/// VIP's transitions (the read model); <see cref="StateRecords"/> adds what carries state into a window.
/// Results come node by node (ordinal, as the journals would be named) and, within a node, in sequence order.
/// </summary>
public static class StoreRecords
{
    /// <summary>Every record of every node stream, in one streamed query. Unordered: for the whole table PostgreSQL
    /// would sort on disk what is sorted here in memory, where it all ends up anyway.</summary>
    public static async Task<List<JournalRecord>> All(IQuerySession session, CancellationToken cancellation)
    {
        var byNode = new SortedDictionary<string, List<JournalRecord>>(StringComparer.Ordinal);
        var events = session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith("node-")).ToAsyncEnumerable(cancellation);
        await foreach (var e in events.ConfigureAwait(false))
        {
            if (e.Data is ShippedRecord shipped)
            {
                var record = JournalLine.Parse(shipped.Body);
                (byNode.TryGetValue(record.Node, out var list) ? list : byNode[record.Node] = []).Add(record);
            }
        }

        foreach (var records in byNode.Values)
        {
            records.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        }

        return [.. byNode.Values.SelectMany(l => l)];
    }

    /// <summary>Every node's records whose wall clock is within [from, to] (inclusive), found through the wall
    /// index (<see cref="StoreIndexes"/>) rather than by reading the streams.</summary>
    public static async Task<List<JournalRecord>> Window(IQuerySession session, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellation)
    {
        var bodies = await session.Events.QueryRawEventDataOnly<ShippedRecord>()
            .Where(r => r.Wall >= from && r.Wall <= to)
            .Select(r => r.Body)
            .ToListAsync(cancellation).ConfigureAwait(false);
        return Ordered(bodies);
    }

    /// <summary>The VIP's transitions (the inline read model, indexed by VIP), in wall-clock order.</summary>
    public static async Task<IReadOnlyList<VipTransition>> VipTransitions(IQuerySession session, string vip, CancellationToken cancellation)
    {
        var transitions = await session.Query<VipTransition>().Where(t => t.Vip == vip).ToListAsync(cancellation).ConfigureAwait(false);
        return InOrder(transitions);
    }

    /// <summary>The VIP's transitions from <paramref name="from"/> to <paramref name="to"/> (inclusive), in wall-clock order.</summary>
    public static async Task<IReadOnlyList<VipTransition>> VipTransitions(IQuerySession session, string vip, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellation)
    {
        var transitions = await session.Query<VipTransition>().Where(t => t.Vip == vip && t.Wall >= from && t.Wall <= to)
            .ToListAsync(cancellation).ConfigureAwait(false);
        return InOrder(transitions);
    }

    /// <summary>The VIP's last <paramref name="count"/> transitions, in wall-clock order.</summary>
    public static async Task<IReadOnlyList<VipTransition>> LastVipTransitions(IQuerySession session, string vip, int count, CancellationToken cancellation)
    {
        var transitions = await session.Query<VipTransition>().Where(t => t.Vip == vip).OrderByDescending(t => t.Wall).Take(count)
            .ToListAsync(cancellation).ConfigureAwait(false);
        return InOrder(transitions);
    }

    /// <summary>The last time another node than <paramref name="node"/> let the VIP go, at or before <paramref name="until"/>.</summary>
    public static async Task<VipTransition?> LastLetGo(IQuerySession session, string vip, string node, DateTimeOffset until, CancellationToken cancellation)
    {
        var transitions = await session.Query<VipTransition>().Where(t => t.Vip == vip && !t.Held && t.Node != node && t.Wall <= until)
            .OrderByDescending(t => t.Wall).Take(16).ToListAsync(cancellation).ConfigureAwait(false);
        return InOrder(transitions).LastOrDefault();
    }

    private static List<VipTransition> InOrder(IEnumerable<VipTransition> transitions) =>
        [.. transitions.OrderBy(t => t.Wall).ThenBy(t => t.Node, StringComparer.Ordinal).ThenBy(t => t.Sequence)];

    /// <summary>Bodies parsed, node by node (ordinal), each node's in sequence order.</summary>
    public static List<JournalRecord> Ordered(IEnumerable<string> bodies) => Ordered(bodies.Select(JournalLine.Parse));

    /// <summary>Records node by node (ordinal), each node's in sequence order, each once.</summary>
    public static List<JournalRecord> Ordered(IEnumerable<JournalRecord> records) =>
        [.. records.DistinctBy(r => (r.Node, r.Sequence)).OrderBy(r => r.Node, StringComparer.Ordinal).ThenBy(r => r.Sequence)];
}
