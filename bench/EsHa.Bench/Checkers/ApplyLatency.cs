using System.Diagnostics;
using EsHa.Domain.Config;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Bench.Failover;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Linux.Lvs.Nftables;
using EsHa.Node.Ports.Probes;
using EsHa.Node.Runtime;
using EsHa.Node.Runtime.Lvs;
using EsHa.Projections.Vrrp;

namespace EsHa.Bench.Checkers;

/// <summary>
/// Check result → kernel applied (issue 6, goal p99 &lt; 5 ms with nftables): the node's own LVS runtime, journal and
/// nftables backend in a namespace of the benchmark's own, with the table of N real servers; each round hands the
/// runtime a probe result that takes one real server out (or puts it back), and times until libnftables has the
/// kernel's acknowledgement of the transaction (the call returns then: decide, journal enqueue, diff, apply).
/// </summary>
internal static class ApplyLatency
{
    public static void Run(int realServers, int rounds)
    {
        using var lab = new BenchLab();
        var ns = lab.Isolated("latency");
        var dir = Directory.CreateTempSubdirectory("esha-latency-");
        try
        {
            BenchLab.InNamespace(ns, () => Measure(realServers, rounds, dir.FullName)).Join();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Measure(int realServers, int rounds, string dir)
    {
        var config = ConfigLoader.LoadText(CheckerConfig.Generate(realServers, "TCP_CHECK", retry: 0)).Config!;
        using var journal = SqliteJournal.Open(Path.Combine(dir, "latency.db"), "bench", DateTimeOffset.UtcNow);
        using var nft = NftablesBackend.TryOpen(out var why) ?? throw new InvalidOperationException(why);
        var backend = new TimedBackend(nft);
        var node = new NodeRuntime("bench", new NoTransport(), new NoEffects(), _ => DateTimeOffset.UtcNow, journal);
        var lvs = new LvsRuntime(node, new SilentProbes(), backend, _ => { });
        lvs.Configure(config);
        var clock = Stopwatch.StartNew();
        lvs.Start(Instant.At(clock.Elapsed));
        var startup = clock.Elapsed;
        var samples = new List<double>(rounds);
        var random = new Random(42);
        var down = new HashSet<string>();
        var streams = lvs.RealServers.Keys.ToList();
        for (var i = 0; i < rounds; i++)
        {
            var stream = streams[random.Next(streams.Count)];
            var rs = lvs.RealServers[stream].Settings;
            var ok = down.Remove(stream);
            if (!ok)
            {
                down.Add(stream);
            }

            var before = clock.Elapsed;
            lvs.Completed(new ProbeCompleted(Instant.At(before), rs.VirtualServer, rs.Id, 0, ok, ok ? null : "connection refused"));
            samples.Add((clock.Elapsed - before).TotalMilliseconds);
        }

        samples.Sort();
        var kernel = backend.Read().Services.Sum(s => s.Destinations.Count);
        Console.WriteLine($"check result -> nftables applied, {realServers} real servers in {realServers / CheckerConfig.PerService} services " +
            $"(start-up table in {startup.TotalMilliseconds:F0} ms), {rounds} changes: p50 {Percentile(samples, 0.50):F2} ms, " +
            $"p99 {Percentile(samples, 0.99):F2} ms, max {samples[^1]:F2} ms (goal p99 < 5 ms); kernel holds {kernel} destinations, " +
            $"{realServers - down.Count} expected; of which in libnftables (parse, cache, commit): p50 {Percentile(backend.Sorted(), 0.50):F2} ms, p99 {Percentile(backend.Sorted(), 0.99):F2} ms");
        lvs.Stop(Instant.At(clock.Elapsed));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>The backend with the time of each Apply (the kernel transaction) kept apart.</summary>
    private sealed class TimedBackend(NftablesBackend inner) : EsHa.Node.Ports.Lvs.ILvsBackend
    {
        private readonly List<double> _applies = [];

        public string Name => inner.Name;

        public EsHa.Projections.Lvs.LvsTable Read() => inner.Read();

        public IReadOnlyList<EsHa.Node.Ports.Lvs.LvsMutationResult> Apply(IReadOnlyList<EsHa.Projections.Lvs.LvsMutation> mutations)
        {
            var clock = Stopwatch.StartNew();
            var results = inner.Apply(mutations);
            _applies.Add(clock.Elapsed.TotalMilliseconds);
            return results;
        }

        public List<double> Sorted() => [.. _applies.Order()];

        public void Dispose()
        {
        }
    }

    private sealed class NoTransport : IVrrpTransport
    {
        public void Send(string node, string interfaceName, System.Net.IPAddress source, System.Net.IPAddress destination, byte[] packet)
        {
        }
    }

    private sealed class NoEffects : IEffectPort
    {
        public void Apply(string node, VrrpEffect effect)
        {
        }
    }

    /// <summary>Probes that never answer: the benchmark hands the runtime its results itself.</summary>
    private sealed class SilentProbes : IProbePort
    {
        public void Start(ProbeRequest request, Action<ProbeOutcome> done)
        {
        }

        public void Dispose()
        {
        }
    }
}
