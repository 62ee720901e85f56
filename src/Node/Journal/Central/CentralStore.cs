using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

namespace EsHa.Node.Journal.Central;

/// <summary>
/// The central Marten store. Stream design: one stream per node ("node-ka01"), its events the node's journal records in
/// journal order, so a stream's version is the record's position in the journal: shipping is idempotent by expected
/// version (a second shipper, or a retry after a lost reply, is refused by PostgreSQL's unique (stream, version)
/// index), resuming reads one stream state, and verification walks one stream with the node's own hash chain.
/// Cross-node questions ("who held 192.168.126.100 at 10:35?") read the inline read models instead
/// (<see cref="VipTransition"/>, <see cref="InstanceTransition"/>, indexed by VIP and by node/instance).
/// </summary>
public static class CentralStore
{
    public const string Schema = "esha";

    public static string StreamOf(string node) => $"node-{node}";

    /// <param name="manageSchema">create and migrate tables on first use (an administrator's connection); nodes and
    /// auditors connect with roles that cannot, and pass false</param>
    /// <param name="oneConnectionPerSession">a session keeps one connection for its life instead of one per query: a
    /// reader asking a few questions in a row (`esha why --store`) connects once, pooled or not</param>
    public static DocumentStore Open(string connectionString, bool manageSchema, bool oneConnectionPerSession = false) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        options.UseStickyConnectionLifetimes = oneConnectionPerSession;
        options.DatabaseSchemaName = Schema;
        options.Events.DatabaseSchemaName = Schema;
        options.AutoCreateSchemaObjects = manageSchema ? AutoCreate.CreateOrUpdate : AutoCreate.None;
        options.Events.StreamIdentity = StreamIdentity.AsString;

        // Quick append: Marten's fast path (one function call per batch, no per-event round trip).
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.MapEventType<ShippedRecord>("shipped_record");
        options.Projections.Add(new TransitionsProjection(), ProjectionLifecycle.Inline);
        // By VIP and time: `why --at T` reads the transitions around T, and the last ones (`--all`, a VIP's every one).
        options.Schema.For<VipTransition>().Index(t => new { t.Vip, t.Wall });
        options.Schema.For<InstanceTransition>().Index(t => t.Node).Index(t => t.Instance);
        StoreIndexes.Declare(options);
    });

    /// <summary>Creates every table, function and index the store uses (run once, as the administrator; again after an
    /// upgrade).</summary>
    public static async Task InitializeAsync(string connectionString, CancellationToken cancellation = default)
    {
        using var store = Open(connectionString, manageSchema: true);
        cancellation.ThrowIfCancellationRequested();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().ConfigureAwait(false);
        await StoreIndexes.CreateAsync(connectionString, cancellation).ConfigureAwait(false);
    }
}
