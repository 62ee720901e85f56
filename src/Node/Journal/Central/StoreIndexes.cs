using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Journal;
using Marten;
using Npgsql;

namespace EsHa.Node.Journal.Central;

/// <summary>
/// The indexes the forensics queries need on Marten's event table, which Marten has no option for: one on the wall
/// clock of every shipped record (a window is a range scan, not a read of the streams), and a partial one on the
/// records of the few kinds that carry state across a window (settings, roles, node starts: a handful among millions
/// of adverts), by node, stream, type and version (each one's last is the end of an index range) with the wall clock
/// last (a "last before T" walks back over the index alone, not the rows, to the first one before T), with statistics on
/// the stored type so the planner knows they are rare. Created by `esha store init` after Marten's own tables; Marten
/// is told to leave the indexes alone. A plain CREATE INDEX: on a large store, run the upgrade's init while shipping
/// can wait.
/// </summary>
public static class StoreIndexes
{
    private const string WallIndex = "esha_events_wall";
    private const string StateIndex = "esha_events_state_wall";

    /// <summary>The state index before it carried the wall clock (dropped by `esha store init`).</summary>
    private const string OldStateIndex = "esha_events_state";
    private const string TypeStatistics = "esha_events_type";

    /// <summary>The wall clock as Marten's LINQ compares it (its immutable cast, so it can be indexed).</summary>
    public const string WallExpression = $"{CentralStore.Schema}.mt_immutable_timestamptz(data ->> 'Wall')";

    /// <summary>The facts that carry state from before a window into it, by what they tell: an instance's settings (its
    /// VIPs), an instance's role, the node's starts and stops (which end every role), a preemption waiting to happen.
    /// InstanceStarted tells two things.</summary>
    private static IReadOnlyList<(string Kind, Type[] Facts)> StateKinds { get; } =
    [
        ("settings", [typeof(InstanceStarted), typeof(SettingsChanged)]),
        ("role", [typeof(InstanceStarted), typeof(BecameMaster), typeof(BecameBackup), typeof(EnteredFault), typeof(InstanceStopped)]),
        ("node", [typeof(NodeStarted), typeof(NodeRestarted), typeof(NodeStopped)]),
        ("preempt", [typeof(PreemptDelayStarted)]),
    ];

    /// <summary>The stored name of each fact.</summary>
    private static IReadOnlyDictionary<Type, string> Names { get; } = FactJson.Catalogue().ToDictionary(c => c.Type, c => c.Name);

    /// <summary>Each kind with the stored name of each of its facts.</summary>
    public static IReadOnlyList<(string Kind, string Type)> StateTypesByKind { get; } =
        [.. StateKinds.SelectMany(k => k.Facts.Select(f => (k.Kind, Names[f])))];

    /// <summary>The stored names of all of them.</summary>
    public static IReadOnlyList<string> StateTypes { get; } = [.. StateTypesByKind.Select(k => k.Type).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The partial index's predicate; a query repeats it word for word so PostgreSQL can use the index.</summary>
    public static string StatePredicate { get; } = $"(data ->> 'Type') IN ({string.Join(", ", StateTypes.Select(t => $"'{t}'"))})";

    /// <summary>Keeps Marten's migrations from dropping the indexes as unknown.</summary>
    public static void Declare(StoreOptions options) => options.Events.IgnoreIndex(WallIndex).IgnoreIndex(StateIndex).IgnoreIndex(OldStateIndex);

    public static async Task CreateAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        // The statistics on the stored type tell the planner how rare the state kinds are: without them it guesses
        // a few percent of the table and takes the wall index for a state query, reading every advert of the past.
        await using var command = new NpgsqlCommand($"""
            CREATE INDEX IF NOT EXISTS {WallIndex} ON {CentralStore.Schema}.mt_events ({WallExpression});
            CREATE INDEX IF NOT EXISTS {StateIndex} ON {CentralStore.Schema}.mt_events
                ((data ->> 'Node'), (data ->> 'Stream'), (data ->> 'Type'), version, ({WallExpression})) WHERE {StatePredicate};
            CREATE STATISTICS IF NOT EXISTS {CentralStore.Schema}.{TypeStatistics} ON (data ->> 'Type') FROM {CentralStore.Schema}.mt_events;
            ANALYZE {CentralStore.Schema}.mt_events;
            """, connection);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);

        // Apart, once the new one is there: in the same implicit transaction the drop's lock on the events would be held
        // while the new index is built, and readers would wait on it.
        await using var drop = new NpgsqlCommand($"DROP INDEX IF EXISTS {CentralStore.Schema}.{OldStateIndex};", connection);
        await drop.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }
}
