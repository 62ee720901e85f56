using System.Net;
using EsHa.Domain.Config.Model;
using EsHa.Projections.Lvs;

namespace EsHa.IpvsGuest;

/// <summary>
/// The tables the guest programs, step by step. The seed is what the user's ka01 configuration makes
/// (conf.d/www.ming.org.conf.http: TCP 192.168.126.100:80 wrr DR with .138 weight 2 and .139 weight 1;
/// fwmark-6.conf and fwmark-7.conf: FWM 6 and 7 rr DR with the same real servers), plus services that reach the
/// encodings the seed does not: NAT with thresholds, IPv4 persistence with a /24 mask, IPv6 persistence with a
/// /64 prefix, and a UDP tunnel service.
/// </summary>
public static class SeedTables
{
    public static readonly LvsServiceKey Www = LvsServiceKey.Of(IPAddress.Parse("192.168.126.100"), 80, LvsProtocol.Tcp);
    public static readonly LvsServiceKey Fwmark6 = LvsServiceKey.OfFwmark(6);
    public static readonly LvsServiceKey Fwmark7 = LvsServiceKey.OfFwmark(7);
    public static readonly LvsServiceKey Nat = LvsServiceKey.Of(IPAddress.Parse("10.0.0.100"), 8080, LvsProtocol.Tcp);
    public static readonly LvsServiceKey Sticky = LvsServiceKey.Of(IPAddress.Parse("192.168.126.101"), 443, LvsProtocol.Tcp);
    public static readonly LvsServiceKey Sticky6 = LvsServiceKey.Of(IPAddress.Parse("2001:db8::100"), 443, LvsProtocol.Tcp);
    public static readonly LvsServiceKey Dns = LvsServiceKey.Of(IPAddress.Parse("192.168.126.102"), 53, LvsProtocol.Udp);

    public static readonly IPAddress Rs138 = IPAddress.Parse("192.168.126.138");
    public static readonly IPAddress Rs139 = IPAddress.Parse("192.168.126.139");
    public static readonly IPAddress Nat11 = IPAddress.Parse("10.0.0.11");
    public static readonly IPAddress Nat12 = IPAddress.Parse("10.0.0.12");

    public static LvsTable Seed() => LvsDiff.Sorted(
    [
        Service(Www, "wrr", null, 32, Dr(Rs138, 80, 2), Dr(Rs139, 80, 1)),
        Service(Fwmark6, "rr", null, 32, Dr(Rs138, 80, 2), Dr(Rs139, 80, 1)),
        Service(Fwmark7, "rr", null, 32, Dr(Rs138, 80, 2), Dr(Rs139, 80, 1)),
        Service(Nat, "wrr", null, 32,
            new LvsDestination(Nat11, 8080, ForwardingMethod.Nat, 3),
            new LvsDestination(Nat12, 8080, ForwardingMethod.Nat, 1, UpperThreshold: 100, LowerThreshold: 10)),
        Service(Sticky, "rr", TimeSpan.FromSeconds(300), 24, Dr(Rs138, 443, 1), Dr(Rs139, 443, 1)),
        Service(Sticky6, "sh", TimeSpan.FromSeconds(120), 64, Dr(IPAddress.Parse("2001:db8::138"), 443, 1)),
        Service(Dns, "lc", null, 32, new LvsDestination(Rs138, 53, ForwardingMethod.Tunnel, 1)),
    ]);

    /// <summary>Health checks moved weights (www's servers to 5 and 3, FWM 6's .139 to 4) and a reload changed two
    /// services' settings (SET_SERVICE): the DNS service's scheduler, the sticky service's timeout and mask.</summary>
    public static LvsTable Weights()
    {
        var table = Edit(Seed(),
            (Www, Rs138, 80, d => d with { Weight = 5 }),
            (Www, Rs139, 80, d => d with { Weight = 3 }),
            (Fwmark6, Rs139, 80, d => d with { Weight = 4 }));
        table = LvsDiff.Apply(table, new EditService(table.Find(Dns)! with { Scheduler = "rr" }));
        return LvsDiff.Apply(table, new EditService(table.Find(Sticky)! with { PersistenceTimeout = TimeSpan.FromSeconds(600), PersistenceNetmask = 16 }));
    }

    /// <summary>FWM 7's .139 failed its check without inhibit_on_failure: removed.</summary>
    public static LvsTable RemoveDestination()
    {
        var table = Weights();
        return LvsDiff.Apply(table, new DeleteDestination(Fwmark7, Rs139, 80));
    }

    /// <summary>www's .138 failed with inhibit_on_failure: kept at weight 0.</summary>
    public static LvsTable Inhibit() => Edit(RemoveDestination(), (Www, Rs138, 80, d => d with { Weight = 0 }));

    private static LvsDestination Dr(IPAddress address, int port, int weight) =>
        new(address, port, ForwardingMethod.DirectRouting, weight);

    private static LvsService Service(LvsServiceKey key, string scheduler, TimeSpan? persistence, int netmask,
        params LvsDestination[] destinations) =>
        new(key, scheduler, persistence, key.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 && netmask == 32 ? 128 : netmask,
            destinations);

    private static LvsTable Edit(LvsTable table, params (LvsServiceKey Service, IPAddress Address, int Port, Func<LvsDestination, LvsDestination> Change)[] edits)
    {
        foreach (var (service, address, port, change) in edits)
        {
            var current = table.Find(service)?.Find(address, port) ?? throw new InvalidOperationException($"{address}:{port} not in {service}");
            table = LvsDiff.Apply(table, new EditDestination(service, change(current), current.Weight));
        }

        return table;
    }
}
