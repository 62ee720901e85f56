using EsHa.Node.Linux.Lvs.Ipvs;
using EsHa.Projections.Lvs;

namespace EsHa.IpvsGuest;

/// <summary>
/// The acceptance run: program the seed, move weights, remove and inhibit destinations, let someone drift the table
/// with ipvsadm, reconcile, and tear down. After every step the backend's own Read must equal the desired table and
/// agree with both of ipvsadm's views; refusals must come back as results with the kernel's errno in words.
/// </summary>
public sealed class CheckScenario(IpvsBackend ipvs, GuestReport report)
{
    public void Run()
    {
        report.Check("table-empty-at-start", () => (ipvs.Read().Services.Count == 0, TableText.Render(ipvs.Read())));
        Step("seed", SeedTables.Seed());
        Step("weights", SeedTables.Weights());
        Step("remove-destination", SeedTables.RemoveDestination());
        Step("inhibit", SeedTables.Inhibit());
        Refusals(SeedTables.Inhibit());
        Counters();
        Drift(SeedTables.Inhibit());
        Step("reconcile", SeedTables.Inhibit());
        Step("teardown", LvsTable.Empty);
    }

    /// <summary>Read, diff against <paramref name="desired"/>, apply, read again: the reconcile loop the node runs.</summary>
    private void Step(string name, LvsTable desired)
    {
        var mutations = LvsDiff.Between(ipvs.Read(), desired);
        GuestReport.Note($"{name}: {mutations.Count} mutations: {string.Join("; ", mutations.Select(m => m.Describe()))}");
        var results = ipvs.Apply(mutations);
        var refused = results.Where(r => r.Error is not null).Select(r => $"{r.Mutation.Describe()}: {r.Error}").ToList();
        report.Check($"{name}-applied", mutations.Count > 0 && results.Count == mutations.Count && refused.Count == 0,
            $"{mutations.Count} mutations, {results.Count} results, refused: {string.Join("; ", refused)}");
        report.Check($"{name}-in-order", () => (results.Select(r => r.Mutation).SequenceEqual(mutations), "results out of order"));
        Agrees(name, desired);
    }

    private void Agrees(string name, LvsTable desired)
    {
        report.Check($"{name}-read-equals-desired", () => TableText.Compare("read", ipvs.Read(), "desired", desired));
        report.Check($"{name}-nothing-left-to-do", () =>
        {
            var left = LvsDiff.Between(ipvs.Read(), desired);
            return (left.Count == 0, string.Join("; ", left.Select(m => m.Describe())));
        });
        report.Check($"{name}-ipvsadm-list-agrees", () => TableText.Compare("read", WithoutThresholds(ipvs.Read()), "ipvsadm -Ln", Ipvsadm.List()));
        report.Check($"{name}-ipvsadm-save-agrees", () => TableText.Compare("read", WithoutThresholds(ipvs.Read()), "ipvsadm -Sn", Ipvsadm.Save()));
        report.Check($"{name}-ipvsadm-thresholds-agree", () =>
        {
            var ours = ipvs.Read().Services.SelectMany(s => s.Destinations.Select(d => Ipvsadm.ThresholdLine(s.Key, d.Endpoint, d.UpperThreshold, d.LowerThreshold)))
                .Order(StringComparer.Ordinal).ToList();
            var theirs = Ipvsadm.Thresholds().Order(StringComparer.Ordinal).ToList();
            return (ours.SequenceEqual(theirs), $"ours [{string.Join("; ", ours.Except(theirs))}] ipvsadm [{string.Join("; ", theirs.Except(ours))}]");
        });
    }

    /// <summary>The kernel's refusals, each a result with its errno in words; keepalived's harmless ones tolerated.</summary>
    private void Refusals(LvsTable desired)
    {
        var existing = desired.Find(SeedTables.Www)!;
        var missing = LvsServiceKey.Of(System.Net.IPAddress.Parse("192.168.126.250"), 80, LvsProtocol.Tcp);
        Expect("tolerated-add-existing-service", new AddService(existing.WithoutDestinations()), "EEXIST: File exists (errno 17)", tolerated: true);
        Expect("tolerated-add-existing-destination", new AddDestination(SeedTables.Www, existing.Destinations[0]), "EEXIST", tolerated: true);
        Expect("tolerated-delete-missing-destination", new DeleteDestination(SeedTables.Fwmark7, SeedTables.Rs139, 80),
            "ENOENT: No such file or directory (errno 2)", tolerated: true);
        Expect("tolerated-delete-missing-service", new DeleteService(missing), "ESRCH: No such process (errno 3)", tolerated: true);
        Expect("error-destination-of-missing-service", new AddDestination(missing, existing.Destinations[0]), "ESRCH", tolerated: false);
        Expect("error-unknown-scheduler", new AddService(new LvsService(missing, "nosuch", null, 32, [])), "ENOENT", tolerated: false);
        Expect("error-scheduler-name-too-long", new AddService(new LvsService(missing, new string('w', 16), null, 32, [])), "longer than 15", tolerated: false);
        report.Check("refusals-left-the-table-alone", () => TableText.Compare("read", ipvs.Read(), "desired", desired));
    }

    private void Expect(string name, LvsMutation mutation, string error, bool tolerated)
    {
        report.Check(name, () =>
        {
            var result = ipvs.Apply([mutation]).Single();
            var holds = result.Error is { } e && e.Contains(error, StringComparison.Ordinal) && result.Tolerated == tolerated
                && result.Applied == tolerated && result.Mutation == mutation;
            return (holds, $"{mutation.Describe()}: error \"{result.Error}\" tolerated {result.Tolerated}");
        });
    }

    /// <summary>Counters read through netlink against `ipvsadm -Ln --stats --exact` (nothing flows in the guest,
    /// so these are the zeros both must show) and the connection counts of `ipvsadm -Ln`.</summary>
    private void Counters()
    {
        report.Check("counters-cover-the-table", () =>
        {
            var counters = ipvs.ReadCounters();
            var table = ipvs.Read();
            var sameShape = counters.Select(c => $"{c.Service} {c.Destinations.Count}").SequenceEqual(table.Services.Select(s => $"{s.Key} {s.Destinations.Count}"));
            return (sameShape, string.Join("; ", counters.Select(c => $"{c.Service} {c.Destinations.Count}")));
        });
        report.Check("counters-match-ipvsadm-stats", () => IpvsadmStats.Compare(ipvs.ReadCounters(), Ipvsadm.Output("-L", "-n", "--stats", "--exact")));
    }

    /// <summary>Someone edits a weight, adds a stray destination, deletes one and adds a stray service by hand.</summary>
    private void Drift(LvsTable desired)
    {
        string[][] commands =
        [
            ["-e", "-t", "192.168.126.100:80", "-r", "192.168.126.139:80", "-g", "-w", "7"],
            ["-a", "-t", "192.168.126.100:80", "-r", "192.168.126.140:80", "-g", "-w", "1"],
            ["-d", "-t", "10.0.0.100:8080", "-r", "10.0.0.11:8080"],
            ["-A", "-t", "192.168.126.200:8443", "-s", "rr"],
        ];
        var failed = commands.Select(c => (Command: c, Result: Ipvsadm.Run(c))).Where(r => r.Result.Code != 0)
            .Select(r => $"ipvsadm {string.Join(' ', r.Command)}: {r.Result.Output}").ToList();
        report.Check("drift-made-with-ipvsadm", failed.Count == 0, string.Join("; ", failed));
        report.Check("drift-read-agrees-with-ipvsadm", () => TableText.Compare("read", WithoutThresholds(ipvs.Read()), "ipvsadm -Ln", Ipvsadm.List()));
        report.Check("drift-seen-as-four-mutations", () =>
        {
            var seen = LvsDiff.Between(ipvs.Read(), desired).Select(m => m.Describe()).Order(StringComparer.Ordinal).ToList();
            string[] expected =
            [
                "add 10.0.0.11:8080 Nat weight 3 to TCP  10.0.0.100:8080",
                "delete 192.168.126.140:80 from TCP  192.168.126.100:80",
                "delete service TCP  192.168.126.200:8443",
                "set 192.168.126.139:80 weight 7 -> 3 in TCP  192.168.126.100:80",
            ];
            return (seen.SequenceEqual(expected.Order(StringComparer.Ordinal)), string.Join("; ", seen));
        });
    }

    /// <summary>`ipvsadm -Ln` and `-Sn` leave thresholds out (`-Ln --thresholds` shows them); the table read through
    /// netlink, thresholds cleared, is what they can be compared with.</summary>
    private static LvsTable WithoutThresholds(LvsTable table) => new(table.Services
        .Select(s => s with { Destinations = s.Destinations.Select(d => d with { UpperThreshold = 0, LowerThreshold = 0 }).ToList() })
        .ToList());
}
