using System.Globalization;
using EsHa.IpvsGuest;
using EsHa.Node.Linux.Lvs.Ipvs;

// Inside the QEMU guest (ops/qemu/ipvs-guest.sh): "checks" runs the acceptance scenario, "bench N" measures
// mutations per second. Everything goes to the serial console; the last line is "GUEST DONE n ok m failed".
var report = new GuestReport();
var ipvs = IpvsBackend.TryOpen(out var why);
if (!report.Check("ipvs-family-resolves", ipvs is not null, why))
{
    return report.Done();
}

using (ipvs)
{
    GuestReport.Note($"IPVS generic netlink family id {ipvs!.FamilyId}");
    switch (args)
    {
        case ["bench", var count]:
            new Benchmark(ipvs, report).Run(int.Parse(count, CultureInfo.InvariantCulture));
            break;
        case [] or ["checks"]:
            new CheckScenario(ipvs, report).Run();
            break;
        default:
            report.Check("arguments-understood", false, $"usage: EsHa.IpvsGuest [checks | bench N], got: {string.Join(' ', args)}");
            break;
    }
}

return report.Done();
