using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using EsHa.Domain.Config.Model;
using EsHa.Projections.Lvs;
using static EsHa.Node.Linux.Lvs.Ipvs.IpvsAttribute;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>
/// IPVS dump replies (NEW_SERVICE / NEW_DEST messages from ip_vs_genl_fill_service / ip_vs_genl_fill_dest) as the
/// LVS table's records. The reverse of <see cref="IpvsEncoder"/>: what one encodes, the other reads back the same.
/// A reply the kernel would never send (no family, no address) is <see cref="InvalidDataException"/>: a bug, not
/// an outcome.
/// </summary>
public static class IpvsDecoder
{
    public static LvsService Service(NetlinkMessage reply) => Service(reply.GenericAttributes.Nested(IpvsAttribute.Service));

    public static LvsService Service(NetlinkAttributes service)
    {
        var key = ServiceKey(service);
        var flags = service.U32(ServiceFlags) ?? 0;
        TimeSpan? persistence = (flags & ServiceFlagPersistent) != 0
            ? TimeSpan.FromSeconds(service.U32(ServiceTimeout) ?? 0)
            : null;
        var netmask = service.Bytes(ServiceNetmask) ?? IpvsEncoder.Netmask(key.Family, FullPrefix(key.Family));
        return new LvsService(key, service.String(ServiceScheduler) ?? "", persistence, PrefixLength(key.Family, netmask), []);
    }

    public static LvsServiceKey ServiceKey(NetlinkAttributes service)
    {
        var family = Family(service.U16(ServiceFamily) ?? throw new InvalidDataException("IPVS service without a family"));
        if (service.U32(ServiceFwmark) is { } mark and not 0)
        {
            return LvsServiceKey.OfFwmark(mark, family);
        }

        var address = Address(family, service.Bytes(ServiceAddress) ?? throw new InvalidDataException("IPVS service without an address"));
        var protocol = (LvsProtocol)(service.U16(ServiceProtocol) ?? 0);
        return new LvsServiceKey(family, protocol, address, service.U16NetworkOrder(ServicePort) ?? 0, 0);
    }

    public static LvsDestination Destination(NetlinkMessage reply, AddressFamily serviceFamily) =>
        Destination(reply.GenericAttributes.Nested(IpvsAttribute.Destination), serviceFamily);

    public static LvsDestination Destination(NetlinkAttributes destination, AddressFamily serviceFamily)
    {
        var (address, port) = DestinationEndpoint(destination, serviceFamily);
        return new LvsDestination(address, port,
            Method(destination.U32(DestinationForwarding) ?? ForwardMasquerade),
            (int)(destination.U32(DestinationWeight) ?? 0),
            (int)(destination.U32(DestinationUpperThreshold) ?? 0),
            (int)(destination.U32(DestinationLowerThreshold) ?? 0));
    }

    public static LvsDestinationCounters DestinationCounters(NetlinkAttributes destination, AddressFamily serviceFamily)
    {
        var (address, port) = DestinationEndpoint(destination, serviceFamily);
        return new LvsDestinationCounters(address, port,
            destination.U32(DestinationActiveConnections) ?? 0,
            destination.U32(DestinationInactiveConnections) ?? 0,
            destination.U32(DestinationPersistentConnections) ?? 0,
            Traffic(destination, DestinationStats64, DestinationStats));
    }

    /// <summary>Traffic counters from STATS64 where the kernel sends it (4.x and later), else from STATS, whose
    /// connection and packet counts are 32-bit.</summary>
    public static LvsTraffic Traffic(NetlinkAttributes owner, ushort stats64, ushort stats)
    {
        var nested = owner.Has(stats64) ? owner.Nested(stats64) : owner.Has(stats) ? owner.Nested(stats) : null;
        return nested is null
            ? LvsTraffic.None
            : new LvsTraffic(nested.Counter(StatsConnections) ?? 0, nested.Counter(StatsPacketsIn) ?? 0,
                nested.Counter(StatsPacketsOut) ?? 0, nested.Counter(StatsBytesIn) ?? 0, nested.Counter(StatsBytesOut) ?? 0);
    }

    /// <summary>Forwarding bits to the config's method. LOCALNODE (only old kernels set it, for a destination that
    /// is one of the director's own addresses) delivers unchanged, so it reads as direct routing.</summary>
    public static ForwardingMethod Method(uint connectionFlags) => (connectionFlags & ForwardingMask) switch
    {
        ForwardMasquerade => ForwardingMethod.Nat,
        ForwardTunnel => ForwardingMethod.Tunnel,
        _ => ForwardingMethod.DirectRouting,
    };

    /// <summary>The reverse of <see cref="IpvsEncoder.Netmask"/>: IPv4's network-order mask counted in leading
    /// ones, IPv6's plain prefix length.</summary>
    public static int PrefixLength(AddressFamily family, byte[] netmask)
    {
        if (netmask.Length < 4)
        {
            return FullPrefix(family);
        }

        return family == AddressFamily.InterNetworkV6
            ? (int)BitConverter.ToUInt32(netmask)
            : BitOperations.LeadingZeroCount(~BinaryPrimitives.ReadUInt32BigEndian(netmask));
    }

    public static AddressFamily Family(ushort family) => family switch
    {
        IpvsProtocol.AfInet => AddressFamily.InterNetwork,
        IpvsProtocol.AfInet6 => AddressFamily.InterNetworkV6,
        _ => throw new InvalidDataException($"IPVS entry of address family {family}"),
    };

    private static (IPAddress Address, int Port) DestinationEndpoint(NetlinkAttributes destination, AddressFamily serviceFamily)
    {
        // Since 3.18 a destination may differ in family from its service (IPv6 real servers behind an IPv4 tunnel
        // service); ADDR_FAMILY says so, and older kernels leave it out.
        var family = destination.U16(DestinationFamily) is { } f ? Family(f) : serviceFamily;
        var address = Address(family, destination.Bytes(DestinationAddress) ?? throw new InvalidDataException("IPVS destination without an address"));
        return (address, destination.U16NetworkOrder(DestinationPort) ?? 0);
    }

    private static int FullPrefix(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;

    private static IPAddress Address(AddressFamily family, byte[] bytes)
    {
        var length = family == AddressFamily.InterNetworkV6 ? 16 : 4;
        if (bytes.Length < length)
        {
            throw new InvalidDataException($"IPVS address of {bytes.Length} bytes for {family}");
        }

        return new IPAddress(bytes.AsSpan(0, length));
    }
}
