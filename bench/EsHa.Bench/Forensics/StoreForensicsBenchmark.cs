using System.Diagnostics;
using System.Net;
using EsHa.Node.Forensics;
using EsHa.Node.Journal.Central;

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
            using var store = CentralStore.Open(postgres.ConnectionString, manageSchema: false);
            var shipping = Stopwatch.StartNew();
            foreach (var node in new[] { "ka01", "ka02" })
            {
                new JournalShipper(Path.Combine(directory.FullName, $"{node}.db"), store).RunAsync(follow: false, CancellationToken.None).GetAwaiter().GetResult();
            }

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

            var transitions = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var watch = Stopwatch.StartNew();
                using var session = store.QuerySession();
                StoreRecords.VipTransitions(session, vip.ToString(), CancellationToken.None).GetAwaiter().GetResult();
                transitions.Add(watch.Elapsed.TotalMilliseconds);
            }

            transitions.Sort();
            Console.WriteLine($"  of which: the VIP's transitions (the read model, every one of the week): p50 {transitions[10]:0.0} ms, p95 {transitions[18]:0.0} ms");
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
