using System.Diagnostics;
using System.Net;
using EsHa.Node.Forensics;
using EsHa.Node.Journal.Central;
using Marten;

namespace EsHa.Bench.Forensics;

/// <summary>
/// `... -- forensics-store [RECORDS]`: `why` from the central store. A week of two nodes (the same VRRP history as the
/// journal benchmark, with RECORDS in all, 1M by default: shipping runs at about 15k records/s, so ten million would
/// take eleven minutes) is shipped into a throwaway PostgreSQL; then one move is explained, p50/p95 of 50, in process
/// (the store's queries and the pure chains; a whole `esha` process adds the runtime's and Marten's start).
/// </summary>
public static class StoreForensicsBenchmark
{
    public static void Run(long records, string scenario)
    {
        if (!EsHa.Journal.Tests.Support.ThrowawayPostgres.Installed)
        {
            Console.WriteLine("why from the store: not measured (no PostgreSQL 15 in /usr/lib/postgresql/15/bin)");
            return;
        }

        var directory = Directory.CreateTempSubdirectory("esha-bench-store-");
        try
        {
            WeekOfRecords.Generate(directory.FullName, scenario, records);
            using var postgres = EsHa.Journal.Tests.Support.ThrowawayPostgres.Create();
            CentralStore.InitializeAsync(postgres.ConnectionString).GetAwaiter().GetResult();
            var shipping = Stopwatch.StartNew();
            using (var shipped = CentralStore.Open(postgres.ConnectionString, manageSchema: false))
            {
                foreach (var node in new[] { "ka01", "ka02" })
                {
                    new JournalShipper(Path.Combine(directory.FullName, $"{node}.db"), shipped).RunAsync(follow: false, CancellationToken.None).GetAwaiter().GetResult();
                }
            }

            // As `esha why --store` opens it: one connection a session (the connection string says Pooling=false, so
            // each answer below pays for its own connection, as a one-shot command does).
            using var store = CentralStore.Open(postgres.ConnectionString, manageSchema: false, oneConnectionPerSession: true);

            Console.WriteLine($"  shipped {records:N0} records in {shipping.Elapsed.TotalSeconds:0} s");
            var vip = IPAddress.Parse("192.168.126.100");
            var random = new Random(7);
            var times = new List<double>();
            var answer = "";
            for (var i = 0; i < 50; i++)
            {
                var at = Node.Simulation.Simulator.Epoch + TimeSpan.FromSeconds(random.Next(3600, 600_000));
                var watch = Stopwatch.StartNew();
                using (var session = store.QuerySession())
                {
                    var moves = StoreWhyQuery.MovesAsync(session, vip, at, all: false).GetAwaiter().GetResult();
                    answer = moves is [{ } m] ? $"{m.From} -> {m.To}, {m.Chain.Count} links" : "no move";
                }

                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            // What one answer is made of, each part on its own (20 runs each, at random times).
            Part("a session and the smallest query (the round trip)", (session, _) =>
                session.Query<VipTransition>().Take(1).ToListAsync().GetAwaiter().GetResult().Count);
            Part("the VIP's transitions half an hour around T", (session, at) =>
                StoreRecords.VipTransitions(session, vip.ToString(), at.AddMinutes(-30), at.AddMinutes(30), CancellationToken.None).GetAwaiter().GetResult().Count);
            Part("the VIP's transitions, every one of the week (why --all)", (session, _) =>
                StoreRecords.VipTransitions(session, vip.ToString(), CancellationToken.None).GetAwaiter().GetResult().Count);
            Part("the state records before a window", (session, at) =>
                StateRecords.Before(session, at.AddMinutes(-5), CancellationToken.None).GetAwaiter().GetResult().Count);
            Part("the records of a window (5 min)", (session, at) =>
                StoreRecords.Window(session, at.AddMinutes(-5), at.AddSeconds(5), CancellationToken.None).GetAwaiter().GetResult().Count);

            void Part(string what, Func<Marten.IQuerySession, DateTimeOffset, int> run)
            {
                var parts = new List<double>();
                var count = 0;
                for (var i = 0; i < 21; i++)
                {
                    var at = Node.Simulation.Simulator.Epoch + TimeSpan.FromSeconds(random.Next(3600, 600_000));
                    var watch = Stopwatch.StartNew();
                    using var session = store.QuerySession();
                    count = run(session, at);
                    if (i > 0)
                    {
                        parts.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                parts.Sort();
                Console.WriteLine($"  of which: {what}: p50 {parts[10]:0.0} ms, p95 {parts[18]:0.0} ms ({count:N0} rows)");
            }
            var cold = times[0];
            times.Sort();
            Console.WriteLine($"why --store --vip --at T (one move, {records:N0} records in the store): p50 {times[25]:0.0} ms, p95 {times[47]:0.0} ms, " +
                $"max {times[^1]:0.0} ms over 50 runs (the first, cold: {cold:0.0} ms) — {answer}   (goal p95 < 50 ms)");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
