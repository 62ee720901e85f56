using Marten;

namespace EsHa.Node.Journal.Central;

/// <summary>
/// The central store read back as journal records, parsed from the canonical bodies the nodes shipped (so a record
/// read here is the record the node's journal holds): every node's records, the records of a wall-clock window, the
/// last records of the kinds that carry state from before a window, and a VIP's transitions (the read model).
/// Results come node by node (ordinal, as the journals would be named) and, within a node, in sequence order.
/// </summary>
public static class StoreRecords
{
    /// <summary>Every record of every node stream: one query, streamed in (stream, version) order — Marten's unique
    /// index, so PostgreSQL walks it and never sorts — and regrouped by node in ordinal order.</summary>
    public static async Task<List<JournalRecord>> All(IQuerySession session, CancellationToken cancellation)
    {
        var byNode = new SortedDictionary<string, List<JournalRecord>>(StringComparer.Ordinal);
        var events = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.StartsWith("node-"))
            .OrderBy(e => e.StreamKey).ThenBy(e => e.Version)
            .ToAsyncEnumerable(cancellation);
        await foreach (var e in events.ConfigureAwait(false))
        {
            if (e.Data is ShippedRecord shipped)
            {
                var record = JournalLine.Parse(shipped.Body);
                (byNode.TryGetValue(record.Node, out var list) ? list : byNode[record.Node] = []).Add(record);
            }
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

    /// <summary>
    /// Each instance's (and node's) state as of <paramref name="before"/>: for each node, stream and kind of
    /// <see cref="StoreIndexes.StateTypesByKind"/>, its last record before then — its settings (its VIPs), its role
    /// and since when, the node's last start or stop, a pending preemption. What a window needs from earlier, without
    /// the history in between; the partial index on those (rare) kinds keeps the query off the adverts.
    /// </summary>
    public static async Task<List<JournalRecord>> StatesBefore(IQuerySession session, DateTimeOffset before, CancellationToken cancellation)
    {
        var bodies = await session.AdvancedSql.QueryAsync<string>($"""
            SELECT DISTINCT ON (k.kind, data ->> 'Node', data ->> 'Stream') data ->> 'Body'
            FROM {CentralStore.Schema}.mt_events JOIN (VALUES {Kinds}) AS k (kind, type) ON k.type = data ->> 'Type'
            WHERE {StoreIndexes.StatePredicate} AND {StoreIndexes.WallExpression} < ?
            ORDER BY k.kind, data ->> 'Node', data ->> 'Stream', stream_id, version DESC
            """, cancellation, before).ConfigureAwait(false);
        return Ordered(bodies);
    }

    private static readonly string Kinds = string.Join(", ", StoreIndexes.StateTypesByKind.Select(k => $"('{k.Kind}', '{k.Type}')"));

    /// <summary>The VIP's transitions (the inline read model, indexed by VIP), in wall-clock order.</summary>
    public static async Task<IReadOnlyList<VipTransition>> VipTransitions(IQuerySession session, string vip, CancellationToken cancellation)
    {
        var transitions = await session.Query<VipTransition>().Where(t => t.Vip == vip).ToListAsync(cancellation).ConfigureAwait(false);
        return [.. transitions.OrderBy(t => t.Wall).ThenBy(t => t.Node, StringComparer.Ordinal).ThenBy(t => t.Sequence)];
    }

    /// <summary>Bodies parsed, node by node (ordinal), each node's in sequence order.</summary>
    public static List<JournalRecord> Ordered(IEnumerable<string> bodies) => Ordered(bodies.Select(JournalLine.Parse));

    /// <summary>Records node by node (ordinal), each node's in sequence order, each once.</summary>
    public static List<JournalRecord> Ordered(IEnumerable<JournalRecord> records) =>
        [.. records.DistinctBy(r => (r.Node, r.Sequence)).OrderBy(r => r.Node, StringComparer.Ordinal).ThenBy(r => r.Sequence)];
}
