using EsHa.Config.Tests.Support;
using EsHa.Journal.Tests.Support;
using EsHa.Node.Journal;
using EsHa.Node.Journal.Central;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using EsHa.Node.Simulation;
using Marten;
using Npgsql;
using Xunit;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace EsHa.Journal.Tests;

/// <summary>The central store on a real PostgreSQL: set up by ops/postgres/setup.sh, shipped to by nodes (as
/// esha_writer) through an outage, read by auditors who cannot change it, and verified by `esha verify --store`.</summary>
[Collection(PostgresServer.Collection)]
public sealed class CentralStoreTests(PostgresServer server)
{
    private static readonly string Seed = Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed");

    private Task<(string Admin, string Writer, string Auditor)> SetUpAsync(string database) => StoreSetup.SetUpAsync(server, database);

    /// <summary>The seed cluster with ka01's link flapping every minute, writing embedded journals.</summary>
    private static (Simulator Simulator, Dictionary<string, SqliteJournal> Journals) Cluster(string directory)
    {
        var flaps = Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            new ScenarioFault(30 + (i * 60), "ka01", "link-down"),
            new ScenarioFault(50 + (i * 60), "ka01", "link-up"),
        }).ToList();
        var scenario = Scenario.Load(Path.Combine(Seed, "scenario.json")) with { Faults = flaps, Until = 600 };
        var journals = new Dictionary<string, SqliteJournal>();
        var simulator = new Simulator(scenario, Seed, 7,
            node => journals[node] = SqliteJournal.Open(Path.Combine(directory, $"{node}.db"), node, Simulator.Epoch));
        return (simulator, journals);
    }

    private static void Flush(Dictionary<string, SqliteJournal> journals)
    {
        foreach (var journal in journals.Values)
        {
            Assert.True(journal.Flush(TimeSpan.FromSeconds(30)));
        }
    }

    private static async Task<long> VersionAsync(IDocumentStore store, string node)
    {
        await using var query = store.QuerySession();
        return (await query.Events.FetchStreamStateAsync(CentralStore.StreamOf(node)))?.Version ?? 0;
    }

    [Fact]
    public async Task shipping_survives_postgresql_going_down_and_the_store_ends_with_exactly_the_journals()
    {
        var (_, writer, auditor) = await SetUpAsync("esha_ship");
        Assert.True(server.CanRestart || !Prerequisite.InCi, $"the {server.Kind} cannot be stopped and started");
        if (!server.CanRestart)
        {
            Assert.Skip($"the {server.Kind} (ESHA_TEST_PG) cannot be stopped and started by the test");
        }

        var dir = Records.TempDirectory();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            var (simulator, journals) = Cluster(dir.FullName);
            Assert.Null(simulator.RunTo(200));
            Flush(journals);

            using var store = CentralStore.Open(writer, manageSchema: false);
            var shippers = journals.Keys.Order(StringComparer.Ordinal)
                .Select(node => new JournalShipper(Path.Combine(dir.FullName, $"{node}.db"), store, batchSize: 50).RunAsync(follow: true, cancel.Token))
                .ToList();
            await WaitUntil(async () => await VersionAsync(store, "ka01") > 0 && await VersionAsync(store, "ka02") > 0);

            // PostgreSQL goes away; the cluster goes on and its journals grow.
            await server.StopAsync();
            Assert.Null(simulator.RunTo(400));
            Flush(journals);
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            await server.StartAsync();

            Assert.Null(simulator.RunTo(600));
            Assert.Null(simulator.Finish());
            Flush(journals);
            var expected = journals.ToDictionary(j => j.Key, j => Bodies(j.Value.Path));
            await WaitUntil(async () => await VersionAsync(store, "ka01") == expected["ka01"].Count
                && await VersionAsync(store, "ka02") == expected["ka02"].Count);
            await cancel.CancelAsync();
            var results = await Task.WhenAll(shippers);
            Assert.Contains(results, r => r.Retries > 0);

            // Exactly the journals: same records, same order, none twice; the chains verify in the store.
            await using (var query = store.QuerySession())
            {
                foreach (var (node, bodies) in expected)
                {
                    var events = await query.Events.FetchStreamAsync(CentralStore.StreamOf(node), token: TestContext.Current.CancellationToken);
                    var shipped = events.Select(e => ((ShippedRecord)e.Data).Body).ToList();
                    Assert.Equal(bodies, shipped);
                    Assert.Equal(shipped.Count, events.Select(e => ((ShippedRecord)e.Data).Sequence).Distinct().Count());
                }
            }

            var verify = Records.Esha("verify", "--store", auditor);
            Assert.True(verify.Code == 0, verify.Out + verify.Err);
            Assert.Contains("store node-ka01", verify.Out, StringComparison.Ordinal);
            Assert.Contains("store node-ka02", verify.Out, StringComparison.Ordinal);

            // The read models: ka02 held the VIP while ka01's link was down.
            await using var auditing = CentralStore.Open(auditor, manageSchema: false).QuerySession();
            var moves = await auditing.Query<VipTransition>().Where(t => t.Vip == "192.168.126.100").OrderBy(t => t.Wall).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Contains(moves, t => t.Node == "ka02" && t.Held);
            Assert.Contains(moves, t => t.Node == "ka01" && !t.Held);
        }
        finally
        {
            await cancel.CancelAsync();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task the_auditor_cannot_change_the_store_and_a_deleted_event_row_is_found_by_esha_verify()
    {
        var (admin, writer, auditor) = await SetUpAsync("esha_audit");
        var dir = Records.TempDirectory();
        try
        {
            var (simulator, journals) = Cluster(dir.FullName);
            Assert.Null(simulator.Run());
            Flush(journals);
            using (var store = CentralStore.Open(writer, manageSchema: false))
            {
                var progress = await new JournalShipper(journals["ka01"].Path, store).RunAsync(follow: false, TestContext.Current.CancellationToken);
                Assert.Equal(Bodies(journals["ka01"].Path).Count, progress.StoreVersion);
            }

            // The auditor reads, and every change is refused; the writer appends but cannot rewrite or delete.
            await using (var connection = new NpgsqlConnection(auditor))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                Assert.True(await Scalar(connection, "SELECT count(*) FROM esha.mt_events") > 0);
                foreach (var sql in new[]
                {
                    "INSERT INTO esha.mt_streams (id, version) VALUES ('node-forged', 1)",
                    "UPDATE esha.mt_events SET data = '{}' WHERE version = 5",
                    "DELETE FROM esha.mt_events WHERE version = 5",
                    "UPDATE esha.mt_streams SET version = 1",
                    "DELETE FROM esha.mt_doc_viptransition",
                    "SELECT esha.mt_quick_append_events('node-ka01', null, null, null, null, null, null, null, 0)",
                })
                {
                    var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, sql));
                    Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
                }
            }

            using (var asAuditor = CentralStore.Open(auditor, manageSchema: false))
            {
                var shipping = await new JournalShipper(journals["ka02"].Path, asAuditor).RunAsync(follow: false, new CancellationTokenSource(TimeSpan.FromSeconds(3)).Token);
                Assert.Equal(0, shipping.Shipped);
                Assert.Contains("permission denied", shipping.LastError ?? "", StringComparison.Ordinal);
            }

            await using (var connection = new NpgsqlConnection(writer))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                foreach (var sql in new[] { "UPDATE esha.mt_events SET data = '{}' WHERE version = 5", "DELETE FROM esha.mt_events WHERE version = 5" })
                {
                    var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, sql));
                    Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
                }
            }

            var intact = Records.Esha("verify", "--store", auditor, "--node", "ka01");
            Assert.True(intact.Code == 0, intact.Out + intact.Err);

            // Someone with the superuser's rights deletes one event row: verify names the record that went.
            long deletedSequence;
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                deletedSequence = await Scalar(connection, "SELECT (data->>'Sequence')::bigint FROM esha.mt_events WHERE stream_id = 'node-ka01' AND version = 12");
                await Execute(connection, "DELETE FROM esha.mt_events WHERE stream_id = 'node-ka01' AND version = 12");
            }

            var broken = Records.Esha("verify", "--store", auditor, "--node", "ka01");
            Assert.Equal(1, broken.Code);
            Assert.Contains($"records {deletedSequence}..{deletedSequence} are missing", broken.Out, StringComparison.Ordinal);
            Assert.Contains("lacks events 12..12", broken.Out, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static List<string> Bodies(string journalPath)
    {
        using var reader = new JournalReader(journalPath);
        return reader.Stored(0, int.MaxValue).Select(r => r.Body).ToList();
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the shippers did not catch up within 90 s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
