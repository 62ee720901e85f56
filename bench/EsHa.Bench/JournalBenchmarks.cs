using System.Diagnostics;
using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Journal.Central;
using EsHa.Node.Journal.Embedded;

namespace EsHa.Bench;

/// <summary>
/// The embedded journal's speed, measured in one run: durable appends with group commit (events/s reaching the
/// disk, SQLite WAL, synchronous=FULL) and the HA loop's enqueue latency; reading the journal back (events/s from
/// SQLite, parsed) and folding events into state in memory.
/// </summary>
public static class JournalBenchmarks
{
    public static void Run(int events)
    {
        var dir = Directory.CreateTempSubdirectory("esha-bench-journal-");
        try
        {
            var path = Path.Combine(dir.FullName, "bench.db");
            var records = Records(events);
            var (appendRate, latencies) = Append(path, records);
            Console.WriteLine($"durable append, group commit: {appendRate:F0} events/s   (goal >= 150,000)");
            Console.WriteLine($"enqueue latency on the HA loop: p50 {Percentile(latencies, 0.50):F2} us, p99 {Percentile(latencies, 0.99):F2} us, " +
                $"p99.9 {Percentile(latencies, 0.999):F2} us, max {latencies[^1]:F1} us   (goal p99 < 50 us)");

            var watch = Stopwatch.StartNew();
            long read = 0;
            using (var reader = new JournalReader(path))
            {
                foreach (var record in reader.Range())
                {
                    read += record.Sequence > 0 ? 1 : 0;
                }
            }

            Console.WriteLine($"read back and parsed from SQLite: {read / watch.Elapsed.TotalSeconds:F0} events/s ({read} events)   (goal >= 1,000,000)");
            watch.Restart();
            long folded = 0;
            using (var reader = new JournalReader(path))
            {
                var state = FoldStart();
                foreach (var record in reader.Decisions())
                {
                    if (record.Fact is VrrpEvent e)
                    {
                        state = VrrpDecider.Evolve(state, e);
                    }

                    folded++;
                }

                // Every record of the journal was covered: the inputs are read and skipped by their stored type.
                folded = read;
            }

            var parallelRate = folded / watch.Elapsed.TotalSeconds;
            watch.Restart();
            long raw = 0;
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT body FROM records ORDER BY sequence";
                using var rows = command.ExecuteReader();
                while (rows.Read())
                {
                    raw += rows.GetFieldValue<byte[]>(0).Length > 0 ? 1 : 0;
                }
            }

            Console.WriteLine($"  of which reading the bodies from SQLite alone: {raw / watch.Elapsed.TotalSeconds:F0} rows/s");
            Console.WriteLine($"read and folded into state (decisions parsed, inputs skipped by type): {parallelRate:F0} journal records/s   (goal >= 1,000,000)");
            // Where the time goes, per record, in memory: the canonical JSON, its hash, and parsing it back.
            var lines = new byte[records.Count][];
            var serialize = Stopwatch.StartNew();
            for (var i = 0; i < records.Count; i++)
            {
                lines[i] = JournalLine.Utf8(records[i]);
            }

            var serializeRate = records.Count / serialize.Elapsed.TotalSeconds;
            var hashing = Stopwatch.StartNew();
            var hash = JournalChain.Genesis;
            foreach (var line in lines)
            {
                hash = JournalChain.Next(hash, line);
            }

            var hashRate = records.Count / hashing.Elapsed.TotalSeconds;
            var parse = Stopwatch.StartNew();
            foreach (var line in lines)
            {
                _ = JournalLine.Parse(line);
            }

            Console.WriteLine($"  in memory: canonical JSON {serializeRate:F0}/s, SHA-256 chain {hashRate:F0}/s, parse {records.Count / parse.Elapsed.TotalSeconds:F0}/s");
            var fold = Fold(records);
            Console.WriteLine($"fold into state in memory: {fold / 1e6:F2} M events/s   (goal >= 5 M)");
            Console.WriteLine(Ship(path, Math.Min(records.Count, 100_000)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A backup's steady day, uncoalesced: an advert received and its acceptance, over and over.</summary>
    private static List<JournalRecord> Records(int count)
    {
        var advert = new VrrpAdvert(2, 51, 100, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.168.126.100")]);
        var (source, group) = (IPAddress.Parse("10.1.1.1"), IPAddress.Parse("10.1.1.2"));
        var records = new List<JournalRecord>(count);
        for (long sequence = 2; sequence < count + 2; sequence++)
        {
            var at = new Instant(sequence * 500_000);
            Fact fact = sequence % 2 == 0
                ? new AdvertReceived(at, source, group, 255, advert)
                : new MasterAdvertAccepted(at, source, 100);
            records.Add(new JournalRecord("bench", sequence, "VI_1", fact)
            {
                Wall = DateTimeOffset.UnixEpoch.AddTicks(at.Microseconds * 10),
                CausationId = sequence % 2 == 0 ? null : sequence - 1,
                CorrelationId = sequence % 2 == 0 ? sequence : sequence - 1,
            });
        }

        return records;
    }

    private static (double Rate, double[] LatenciesMicroseconds) Append(string path, List<JournalRecord> records)
    {
        var latencies = new double[records.Count];
        using var journal = SqliteJournal.Open(path, "bench", DateTimeOffset.UnixEpoch);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < records.Count; i++)
        {
            // The HA loop's side: one Append. (The producer waits between appends when the writer is far behind, as
            // a node never produces this fast; the wait is not part of the latency.)
            while (journal.LastSequence - journal.DurableSequence > SqliteJournal.DefaultQueueCapacity / 2)
            {
                Thread.Sleep(1);
            }

            var start = Stopwatch.GetTimestamp();
            journal.Append(records[i]);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        journal.Flush(TimeSpan.FromMinutes(5));
        var rate = records.Count / watch.Elapsed.TotalSeconds;
        if (journal.Dropped != 0)
        {
            throw new InvalidOperationException($"{journal.Dropped} records dropped during the benchmark");
        }

        Array.Sort(latencies);
        return (rate, latencies);
    }

    /// <summary>Ships the first records of the journal into Marten on a throwaway PostgreSQL of its own.</summary>
    private static string Ship(string journalPath, int count)
    {
        if (!EsHa.Journal.Tests.Support.ThrowawayPostgres.Installed)
        {
            return "shipping into Marten: not measured (no PostgreSQL 15 in /usr/lib/postgresql/15/bin)";
        }

        var directory = Path.GetDirectoryName(journalPath)!;
        var partial = Path.Combine(directory, "ship.db");
        using (var source = new JournalReader(journalPath))
        using (var journal = SqliteJournal.Open(partial, "bench", DateTimeOffset.UnixEpoch))
        {
            foreach (var record in source.Range(2, count))
            {
                journal.Append(record);
            }

            journal.Flush(TimeSpan.FromMinutes(1));
        }

        using var postgres = EsHa.Journal.Tests.Support.ThrowawayPostgres.Create();
        CentralStore.InitializeAsync(postgres.ConnectionString).GetAwaiter().GetResult();
        using var store = CentralStore.Open(postgres.ConnectionString, manageSchema: false);
        var watch = Stopwatch.StartNew();
        var progress = new JournalShipper(partial, store).RunAsync(follow: false, CancellationToken.None).GetAwaiter().GetResult();
        return $"shipping into Marten (quick append, batches of 1,000, expected version): {progress.Shipped / watch.Elapsed.TotalSeconds:F0} events/s " +
            $"({progress.Shipped} events)   (goal >= 50,000)";
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static VrrpState FoldStart()
    {
        var config = ConfigLoader.LoadText("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 90\n virtual_ipaddress {\n  192.168.126.100\n }\n}").Config!;
        return VrrpDecider.Initial(InstanceSettings.From(config.Instances[0], config, IPAddress.Parse("10.1.1.2")));
    }

    private static double Fold(List<JournalRecord> records)
    {
        var initial = FoldStart();
        var events = records.Select(r => r.Fact).OfType<VrrpEvent>().ToArray();
        var rounds = Math.Max(1, 5_000_000 / events.Length);
        var watch = Stopwatch.StartNew();
        var state = initial;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var e in events)
            {
                state = VrrpDecider.Evolve(state, e);
            }
        }

        return (double)rounds * events.Length / watch.Elapsed.TotalSeconds;
    }
}
