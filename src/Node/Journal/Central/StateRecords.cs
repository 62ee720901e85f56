using Marten;

namespace EsHa.Node.Journal.Central;

/// <summary>
/// Each instance's (and node's) state as of a wall-clock time, from the store: for each node, stream and kind of
/// <see cref="StoreIndexes.StateTypesByKind"/>, its last record before then — its settings (its VIPs), its role and
/// since when, the node's last start or stop, a pending preemption. What a window needs from earlier, without the
/// history in between.
/// </summary>
public static class StateRecords
{
    /// <summary>
    /// One query whose cost does not grow with the history: a skip scan walks the partial index on the state kinds
    /// from one (node, stream, type) to the next (a handful: PostgreSQL has no skip scan of its own, hence the
    /// recursion), then takes each one's last record before the time from the end of its index range. Each kind's
    /// last of its types is then picked here.
    /// </summary>
    public static async Task<List<JournalRecord>> Before(IQuerySession session, DateTimeOffset before, CancellationToken cancellation)
    {
        var bodies = await session.AdvancedSql.QueryAsync<string>(Sql, cancellation, before).ConfigureAwait(false);
        var latest = bodies.Select(JournalLine.Parse).ToList();
        var kept = StoreIndexes.StateTypesByKind
            .SelectMany(k => latest.Where(r => JournalLine.TypeOf(r.Fact) == k.Type).Select(r => (k.Kind, Record: r)))
            .GroupBy(x => (x.Kind, x.Record.Node, x.Record.Stream))
            .Select(g => g.MaxBy(x => x.Record.Sequence).Record);
        return StoreRecords.Ordered(kept);
    }

    private static readonly string Sql = $"""
        WITH RECURSIVE keys (node, stream, type) AS (
            (SELECT {Key} FROM {Events} WHERE {StoreIndexes.StatePredicate} ORDER BY 1, 2, 3 LIMIT 1)
            UNION ALL
            SELECT next.* FROM keys, LATERAL (
                SELECT {Key} FROM {Events}
                WHERE {StoreIndexes.StatePredicate} AND ({Key}) > (keys.node, keys.stream, keys.type)
                ORDER BY 1, 2, 3 LIMIT 1) AS next
        )
        SELECT last.body FROM keys, LATERAL (
            SELECT data ->> 'Body' AS body FROM {Events}
            WHERE {StoreIndexes.StatePredicate} AND data ->> 'Node' = keys.node AND data ->> 'Stream' = keys.stream
              AND data ->> 'Type' = keys.type AND {StoreIndexes.WallExpression} < ?
            ORDER BY data ->> 'Node' DESC, data ->> 'Stream' DESC, data ->> 'Type' DESC, version DESC LIMIT 1) AS last
        """;

    private const string Key = "data ->> 'Node', data ->> 'Stream', data ->> 'Type'";

    private const string Events = $"{CentralStore.Schema}.mt_events";
}
