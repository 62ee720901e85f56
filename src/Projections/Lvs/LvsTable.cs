using System.Net;
using System.Net.Sockets;
using EsHa.Domain.Config.Model;

namespace EsHa.Projections.Lvs;

/// <summary>
/// An LVS table as `ipvsadm -Ln` shows one: services, each with its destinations. The desired table is a pure
/// projection of a node's events (<see cref="LvsDesiredTable"/>); a backend reads the table it really has into the
/// same shape, and <see cref="LvsDiff"/> turns the difference into mutations. Services and destinations are kept
/// sorted by key, so two tables with the same content are equal member by member.
/// </summary>
public sealed record LvsTable(IReadOnlyList<LvsService> Services)
{
    public static readonly LvsTable Empty = new([]);

    public LvsService? Find(LvsServiceKey key) => Services.FirstOrDefault(s => s.Key == key);
}

/// <summary>IPVS's protocols; a fwmark service has none.</summary>
public enum LvsProtocol
{
    Tcp = 6,
    Udp = 17,
    Sctp = 132,
}

/// <summary>What names a service in the kernel: family + protocol + address + port, or family + firewall mark.</summary>
public sealed record LvsServiceKey(AddressFamily Family, LvsProtocol? Protocol, IPAddress? Address, int Port, uint Fwmark)
{
    public static LvsServiceKey Of(IPAddress address, int port, LvsProtocol protocol) =>
        new(address.AddressFamily, protocol, address, port, 0);

    public static LvsServiceKey OfFwmark(uint mark, AddressFamily family = AddressFamily.InterNetwork) =>
        new(family, null, null, 0, mark);

    public bool IsFwmark => Fwmark != 0;

    /// <summary>As ipvsadm -Ln names it: "TCP  192.168.126.100:80", "FWM  6".</summary>
    public override string ToString() => IsFwmark
        ? $"FWM  {Fwmark}{(Family == AddressFamily.InterNetworkV6 ? " IPv6" : "")}"
        : $"{Protocol?.ToString().ToUpperInvariant()}  {LvsDestination.Format(Address!, Port)}";

    /// <summary>Canonical order: address services before fwmark ones, then family, protocol, address, port.</summary>
    public string SortKey => IsFwmark ? $"1 {(int)Family:D2} {Fwmark:D10}" : $"0 {(int)Family:D2} {(int?)Protocol:D3} {Sortable(Address!)} {Port:D5}";

    internal static string Sortable(IPAddress address) => Convert.ToHexString(address.GetAddressBytes());
}

/// <summary>A service's settings besides its destinations. <paramref name="Scheduler"/> is IPVS's name (rr, wrr,
/// lc, ...); <paramref name="PersistenceTimeout"/> null means not persistent; <paramref name="PersistenceNetmask"/> is
/// the prefix length persistence groups clients by (32 for IPv4 / 128 for IPv6 when not given).</summary>
public sealed record LvsService(LvsServiceKey Key, string Scheduler, TimeSpan? PersistenceTimeout, int PersistenceNetmask,
    IReadOnlyList<LvsDestination> Destinations)
{
    /// <summary>The same service with its destinations only (for comparing settings).</summary>
    public LvsService WithoutDestinations() => this with { Destinations = [] };

    public bool SameSettings(LvsService other) =>
        Key == other.Key && Scheduler == other.Scheduler && PersistenceTimeout == other.PersistenceTimeout
        && PersistenceNetmask == other.PersistenceNetmask;

    public LvsDestination? Find(IPAddress address, int port) =>
        Destinations.FirstOrDefault(d => d.Address.Equals(address) && d.Port == port);
}

/// <summary>A real server as the kernel holds it. A weight of 0 keeps it in the table but sends it no new
/// connections (keepalived's inhibit_on_failure). Thresholds 0 mean none.</summary>
public sealed record LvsDestination(IPAddress Address, int Port, ForwardingMethod Method, int Weight, int UpperThreshold = 0,
    int LowerThreshold = 0)
{
    public string Endpoint => Format(Address, Port);

    public string SortKey => $"{LvsServiceKey.Sortable(Address)} {Port:D5}";

    public static string Format(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
