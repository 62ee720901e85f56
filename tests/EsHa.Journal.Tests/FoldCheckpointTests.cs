using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Journal.Tests.Support;
using EsHa.Node.Forensics;
using EsHa.Node.Journal;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using EsHa.Node.Simulation;
using EsHa.Projections.Forensics;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EsHa.Journal.Tests;

/// <summary>
/// `esha replay --at T` starts each journal's fold from the last checkpoint the node's writer kept before T: the
/// answer must be the fold of every record up to T, whatever T is — between checkpoints, before the first, across a
/// node restart, after the journal was reopened, and with a wall clock stepped back (records after a checkpoint that
/// are earlier than it). Checkpoints are derived data: unreadable ones are passed over, and `esha verify` checks each
/// against the records.
/// </summary>
public sealed class FoldCheckpointTests
{
    [Fact]
    public void the_state_from_checkpoints_is_the_fold_of_every_record_at_any_time()
    {
        var dir = Records.TempDirectory();
        try
        {
            var paths = Write(dir.FullName);
            using (var forensics = new JournalForensics(paths))
            {
                var used = Compare(forensics, paths);
                Assert.True(used > 500, $"only {used} of the times were answered from a checkpoint");
            }

            // Verifying a journal checks its checkpoints against its records: they are outside the chain.
            Assert.All(paths, p => Assert.Empty(JournalVerifier.Verify(p).Problems));
            Execute(paths[0], "UPDATE fold_checkpoints SET max_wall_us = max_wall_us - 1000000 WHERE sequence = (SELECT min(sequence) FROM fold_checkpoints)");
            Assert.Contains("wall times wrong", Assert.Single(JournalVerifier.Verify(paths[0]).Problems).What, StringComparison.Ordinal);

            // Checkpoints that cannot be read are passed over: the records are the truth. The verifier names each.
            foreach (var path in paths)
            {
                var garbage = path == paths[0] ? "'{\"instances\": 7'" : "'{}'";   // not JSON; JSON with every part missing
                var changed = Execute(path, $"UPDATE fold_checkpoints SET state = {garbage}");
                Assert.True(changed > 5, $"{path}: {changed} checkpoints");
                Assert.Equal(changed, JournalVerifier.Verify(path).Problems.Count(p => p.What.Contains("not the state its records fold to", StringComparison.Ordinal)));
            }

            using var spoilt = new JournalForensics(paths);
            Compare(spoilt, paths);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void after_retention_a_replay_never_goes_on_from_a_checkpoint_of_archived_records()
    {
        var dir = Records.TempDirectory();
        try
        {
            // ka01's first 60 % written and archived but for the last 150 records, then the rest through the journal
            // reopened (a restart follows, so checkpoints start again).
            var records = Simulated(dir.FullName)["ka01"];
            var path = Path.Combine(dir.FullName, "ka01.db");
            var cut = records.Count * 3 / 5;
            Append(path, "ka01", records[..cut], new JournalRetention(SegmentRecords: 100, KeepRecords: 150));
            Append(path, "ka01", records[cut..]);
            Assert.Empty(JournalVerifier.Verify(path).Problems);

            // A checkpoint carries the whole history (archived records included); without one a replay folds what the
            // journal still holds. Never a checkpoint of archived records with the journal's records after it.
            using var reader = new JournalReader(path);
            var kept = reader.Range().Select(JournalForensics.Entry).ToList();
            var history = records.Select(JournalForensics.Entry).ToList();
            using var forensics = new JournalForensics([path]);
            var (fromCheckpoint, fromRecords) = (0, 0);
            for (var at = Simulator.Epoch; at <= Simulator.Epoch.AddSeconds(1110); at = at.AddSeconds(1.9))
            {
                var checkpoint = reader.LatestCheckpoint(at);
                Assert.True(checkpoint is null || checkpoint.Value.Sequence > kept[0].Sequence, $"a checkpoint of archived record {checkpoint?.Sequence}");
                var expected = StateAt.Of(checkpoint is null ? kept : history, at);
                var actual = forensics.StateAt(at);
                Assert.True(expected.Instances.SequenceEqual(actual.Instances), $"at {at:HH:mm:ss.fff}");
                Assert.True(expected.Lvs.SequenceEqual(actual.Lvs), $"at {at:HH:mm:ss.fff}");
                Assert.True(expected.RealServers.SequenceEqual(actual.RealServers), $"at {at:HH:mm:ss.fff}");
                (fromCheckpoint, fromRecords) = checkpoint is null ? (fromCheckpoint, fromRecords + 1) : (fromCheckpoint + 1, fromRecords);
            }

            Assert.True(fromCheckpoint > 50 && fromRecords > 50, $"{fromCheckpoint} answers from a checkpoint, {fromRecords} without");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static int Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Every answer against the fold of all records; how many times a checkpoint was there to start from.</summary>
    private static int Compare(JournalForensics forensics, IReadOnlyList<string> paths)
    {
        var readers = paths.Select(p => new JournalReader(p)).ToList();
        try
        {
            var all = readers.SelectMany(r => r.Range()).Select(JournalForensics.Entry).ToList();
            var used = 0;
            for (var at = Simulator.Epoch.AddSeconds(-5); at <= Simulator.Epoch.AddSeconds(1110); at = at.AddSeconds(1.9))
            {
                var expected = StateAt.Of(all, at);
                var actual = forensics.StateAt(at);
                var when = $"at {at:HH:mm:ss.fff}";
                Assert.True(expected.Nodes.SequenceEqual(actual.Nodes), when);
                Assert.True(expected.Instances.SequenceEqual(actual.Instances), $"{when}: {string.Join("; ", actual.Instances)}");
                Assert.True(expected.Vips.SequenceEqual(actual.Vips), when);
                Assert.True(expected.Lvs.SequenceEqual(actual.Lvs), $"{when}: {string.Join("; ", actual.Lvs)}");
                Assert.True(expected.RealServers.SequenceEqual(actual.RealServers), $"{when}: {string.Join("; ", actual.RealServers)}");
                used += readers.Count(r => r.LatestCheckpoint(at) is not null);
            }

            return used;
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    /// <summary>The seed cluster through a link loss, a crash and restart, a clock stepped back 30 s and a partition,
    /// with a farm of four real servers flapping, written through SqliteJournal with a checkpoint every 7 records;
    /// each journal is closed and reopened halfway (before ka01's restart).</summary>
    private static List<string> Write(string directory)
    {
        var paths = new List<string>();
        foreach (var (node, records) in Simulated(directory))
        {
            var path = Path.Combine(directory, $"{node}.db");
            var half = records.Count / 2;
            foreach (var part in new[] { records[..half], records[half..] })
            {
                Append(path, node, part);
            }

            paths.Add(path);
        }

        return paths;
    }

    /// <summary>Each node's records: the simulated run's (without the journal's own first record) with the farm's.</summary>
    private static Dictionary<string, List<JournalRecord>> Simulated(string directory)
    {
        var scenario = SeedScenario.Write(directory, """
            { "at": 30, "node": "ka01", "kind": "link-down" },
            { "at": 60, "node": "ka01", "kind": "link-up" },
            { "at": 400, "node": "ka01", "kind": "crash" },
            { "at": 700, "node": "ka01", "kind": "restart" },
            { "at": 760, "node": "ka01", "kind": "clock-jump", "seconds": -30 },
            { "at": 900, "node": "ka01", "kind": "isolate" },
            { "at": 960, "node": "ka01", "kind": "rejoin" }
            """, until: 1100);
        var simulator = new Simulator(Scenario.Load(scenario), directory, 1);
        Assert.Null(simulator.Run());
        return simulator.NodeNames.ToDictionary(n => n, n => WithFarm(n, simulator.Journal(n).Skip(1).ToList()));
    }

    /// <summary>Appends through a journal opened for it (a checkpoint every 7 records) and closes it again.</summary>
    private static void Append(string path, string node, List<JournalRecord> records, JournalRetention? retain = null)
    {
        using var journal = SqliteJournal.Open(path, node, Simulator.Epoch, checkpointEvery: 7);
        records.ForEach(journal.Append);
        Assert.True(journal.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, journal.Dropped);
        if (retain is not null)
        {
            Assert.True(journal.Retain(retain, Simulator.Epoch) > 0);
        }
    }

    /// <summary>The node's records with a farm's between them, in the order they happened (which a stepped wall clock
    /// does not change), every one renumbered: the service and four real servers programmed, then every 2 s a step of
    /// one server going down and up again.</summary>
    private static List<JournalRecord> WithFarm(string node, List<JournalRecord> vrrp)
    {
        const string vs = "192.168.126.100:80", service = "TCP  192.168.126.100:80";
        var renumbered = new Dictionary<long, long>();
        var merged = new List<JournalRecord>();
        long sequence = 1;
        JournalRecord Next(string stream, Fact fact, DateTimeOffset wall) =>
            new(node, ++sequence, stream, fact) { Wall = wall, CorrelationId = sequence };

        var v = 0;
        for (var i = -5; v < vrrp.Count; i++)
        {
            var wall = Simulator.Epoch.AddSeconds(1 + (2 * Math.Max(i, 0)));
            while (v < vrrp.Count && Simulator.Epoch + (vrrp[v].Fact.At - Instant.Zero) <= wall)
            {
                var r = vrrp[v++];
                renumbered[r.Sequence] = ++sequence;
                merged.Add(r with
                {
                    Sequence = sequence,
                    CausationId = r.CausationId is { } c ? renumbered[c] : null,
                    CorrelationId = renumbered.GetValueOrDefault(r.CorrelationId, sequence),
                });
            }

            var at = Instant.At(wall - Simulator.Epoch);
            var server = $"10.20.0.{10 + (Math.Max(i, 0) / 4 % 4)}:80";
            merged.Add(i switch
            {
                -5 => Next("lvs", new LvsServiceAdded(at, "ipvs", service, "wrr"), wall),
                < 0 => Next("lvs", new LvsDestinationAdded(at, "ipvs", service, $"10.20.0.{14 + i}:80", "DR", 2), wall),
                _ => (i % 4) switch
                {
                    0 => Next($"{vs}/{server}", new RealServerWentDown(at, vs, server, "HTTP_GET", false), wall),
                    1 => Next("lvs", new LvsWeightSet(at, "ipvs", service, server, 2, 0), wall),
                    2 => Next($"{vs}/{server}", new RealServerWentUp(at, vs, server, 2), wall),
                    _ => Next("lvs", new LvsWeightSet(at, "ipvs", service, server, 0, 2), wall),
                },
            });
        }

        return merged;
    }
}
