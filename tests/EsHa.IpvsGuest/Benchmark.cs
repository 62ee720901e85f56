using System.Diagnostics;
using System.Globalization;
using System.Net;
using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Lvs.Ipvs;
using EsHa.Projections.Lvs;

namespace EsHa.IpvsGuest;

/// <summary>
/// IPVS mutations per second through the backend (one netlink request and ACK each): weight changes (SET_DEST,
/// what health checks cause most), add/delete pairs (a server failing and returning), a bulk load and the read of
/// it, and ipvsadm's fork-per-change for scale. Under QEMU's TCG every figure is far below real hardware; they
/// compare runs and approaches on one machine, not a production director.
/// </summary>
public sealed class Benchmark(IpvsBackend ipvs, GuestReport report)
{
    private static readonly LvsServiceKey Service = LvsServiceKey.Of(IPAddress.Parse("10.1.0.1"), 80, LvsProtocol.Tcp);
    private static readonly LvsDestination Server = new(IPAddress.Parse("10.1.0.2"), 80, ForwardingMethod.Nat, 1);

    public void Run(int count)
    {
        var applied = ipvs.Apply([new AddService(new LvsService(Service, "wrr", null, 32, [])), new AddDestination(Service, Server)]);
        report.Check("bench-service-added", applied.All(r => r.Error is null), string.Join("; ", applied.Select(r => r.Error)));
        Measure("warm-up (set-dest)", Math.Min(count, 200), WeightChange, oneByOne: true);

        report.Check("bench-set-dest-one-by-one-applied", Measure("set-dest, one Apply each", count, WeightChange, oneByOne: true));
        report.Check("bench-set-dest-batch-applied", Measure("set-dest, one Apply of all", count, WeightChange, oneByOne: false));
        report.Check("bench-add-delete-pairs-applied", Measure("add-dest + del-dest pairs", count, AddDeletePair, oneByOne: false));

        var bulk = Enumerable.Range(0, count).Select(i => (LvsMutation)new AddDestination(Service, new LvsDestination(Address(i), 80, ForwardingMethod.Nat, 1))).ToList();
        report.Check("bench-bulk-add-applied", Time($"bulk add of {count} destinations", bulk));
        var watch = Stopwatch.StartNew();
        var table = ipvs.Read();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"BENCH read of {count + 1} destinations: {watch.Elapsed.TotalMilliseconds:0.0} ms"));
        report.Check("bench-read-sees-all", table.Find(Service)?.Destinations.Count == count + 1, $"{table.Find(Service)?.Destinations.Count} destinations");

        IpvsadmPace(Math.Min(count, 200));
        var removed = ipvs.Apply([new DeleteService(Service)]);
        report.Check("bench-table-clean-after", removed.All(r => r.Error is null) && ipvs.Read().Services.Count == 0);
    }

    private static LvsMutation WeightChange(int i) => new EditDestination(Service, Server with { Weight = 1 + (i % 100) }, Server.Weight);

    private static LvsMutation AddDeletePair(int i) => i % 2 == 0
        ? new AddDestination(Service, new LvsDestination(Address(1_000_000 + i), 80, ForwardingMethod.Nat, 1))
        : new DeleteDestination(Service, Address(1_000_000 + i - 1), 80);

    private static IPAddress Address(int i) => new([10, (byte)(2 + (i >> 16)), (byte)(i >> 8), (byte)i]);

    private bool Measure(string name, int count, Func<int, LvsMutation> mutation, bool oneByOne)
    {
        var mutations = Enumerable.Range(0, count).Select(mutation).ToList();
        if (!oneByOne)
        {
            return Time(name, mutations);
        }

        var watch = Stopwatch.StartNew();
        var refused = mutations.Count(m => ipvs.Apply([m]).Single().Error is not null);
        Print(name, count, watch.Elapsed);
        return refused == 0;
    }

    private bool Time(string name, IReadOnlyList<LvsMutation> mutations)
    {
        var watch = Stopwatch.StartNew();
        var results = ipvs.Apply(mutations);
        Print(name, mutations.Count, watch.Elapsed);
        return results.All(r => r.Error is null);
    }

    /// <summary>The same weight change made by running ipvsadm once per change, as a script would.</summary>
    private void IpvsadmPace(int count)
    {
        var watch = Stopwatch.StartNew();
        var failures = Enumerable.Range(0, count).Count(i => Ipvsadm.Run("-e", "-t", "10.1.0.1:80", "-r", "10.1.0.2:80", "-m", "-w",
            (1 + (i % 100)).ToString(CultureInfo.InvariantCulture)).Code != 0);
        Print("ipvsadm -e, one process each", count, watch.Elapsed);
        report.Check("bench-ipvsadm-applied", failures == 0, $"{failures} failed");
    }

    private static void Print(string name, int count, TimeSpan elapsed) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"BENCH {name}: {count} mutations in {elapsed.TotalMilliseconds:0} ms, {count / elapsed.TotalSeconds:0} mutations/s"));
}
