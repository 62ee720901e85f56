using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EsHa.Domain.Config.Model;
using EsHa.Projections.Lvs;
using static EsHa.Node.Linux.Lvs.Ipvs.IpvsAttribute;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>
/// LVS mutations and dump requests as IPVS generic netlink messages (net/netfilter/ipvs/ip_vs_ctl.c parses them in
/// ip_vs_genl_parse_service / ip_vs_genl_parse_dest). A service is named by family + fwmark or family + protocol +
/// address + port; NEW/SET also carry scheduler, flags, timeout and netmask, which the kernel requires together.
/// Addresses are always 16 bytes (nf_inet_addr); ports are in network order.
/// </summary>
public static class IpvsEncoder
{
    /// <summary>Why the kernel would refuse this mutation before it is sent, or null when it can be sent.</summary>
    public static string? Refusal(LvsMutation mutation) => mutation switch
    {
        AddService { Settings.Scheduler.Length: > IpvsProtocol.SchedulerNameLengthMax } or EditService { Settings.Scheduler.Length: > IpvsProtocol.SchedulerNameLengthMax } =>
            $"scheduler name is longer than {IpvsProtocol.SchedulerNameLengthMax} characters",
        _ when mutation.Service is { IsFwmark: false, Protocol: null } => "a service without fwmark needs a protocol",
        _ when !Served(mutation.Service.Family) => $"IPVS serves IPv4 and IPv6, not {mutation.Service.Family}",
        _ when AddressOfDestination(mutation) is { } address && !Served(address.AddressFamily) =>
            $"IPVS serves IPv4 and IPv6, not {address.AddressFamily}",
        _ => null,
    };

    private static IPAddress? AddressOfDestination(LvsMutation mutation) => mutation switch
    {
        AddDestination add => add.Destination.Address,
        EditDestination edit => edit.Destination.Address,
        DeleteDestination delete => delete.Address,
        _ => null,
    };

    private static bool Served(AddressFamily family) => family is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;

    public static byte[] Encode(LvsMutation mutation, ushort familyId, uint sequence) => (mutation switch
    {
        AddService add => Service(Request(familyId, IpvsCommand.NewService), add.Settings),
        EditService edit => Service(Request(familyId, IpvsCommand.SetService), edit.Settings),
        DeleteService delete => ServiceKey(Request(familyId, IpvsCommand.DeleteService), delete.Service),
        AddDestination add => Destination(Request(familyId, IpvsCommand.NewDestination), add.Service, add.Destination),
        EditDestination edit => Destination(Request(familyId, IpvsCommand.SetDestination), edit.Service, edit.Destination),
        DeleteDestination delete => DestinationKey(Request(familyId, IpvsCommand.DeleteDestination), delete.Service,
            delete.Address, delete.Port),
        _ => throw new ArgumentOutOfRangeException(nameof(mutation), mutation, "not an IPVS mutation"),
    }).ToArray(sequence);

    /// <summary>GET_SERVICE as a dump: every service in the namespace.</summary>
    public static byte[] EncodeServiceDump(ushort familyId, uint sequence) =>
        new NetlinkRequestWriter(familyId, NetlinkConstants.FlagRequest | NetlinkConstants.FlagDump,
            (byte)IpvsCommand.GetService, IpvsProtocol.FamilyVersion).ToArray(sequence);

    /// <summary>GET_DEST as a dump (the kernel has no other form): the destinations of one service.</summary>
    public static byte[] EncodeDestinationDump(ushort familyId, LvsServiceKey service, uint sequence)
    {
        var writer = new NetlinkRequestWriter(familyId, NetlinkConstants.FlagRequest | NetlinkConstants.FlagDump,
            (byte)IpvsCommand.GetDestination, IpvsProtocol.FamilyVersion);
        return ServiceKey(writer, service).ToArray(sequence);
    }

    public static ushort Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => IpvsProtocol.AfInet,
        AddressFamily.InterNetworkV6 => IpvsProtocol.AfInet6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "IPVS serves IPv4 and IPv6"),
    };

    public static uint Forwarding(ForwardingMethod method) => method switch
    {
        ForwardingMethod.Nat => ForwardMasquerade,
        ForwardingMethod.DirectRouting => ForwardDirectRoute,
        ForwardingMethod.Tunnel => ForwardTunnel,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown forwarding method"),
    };

    /// <summary>IPVS_SVC_ATTR_NETMASK as the kernel reads it: for IPv4 the mask itself in network order
    /// (255.255.255.0 for /24); for IPv6 the prefix length as a plain number (ip_vs_add_service refuses 0 or more
    /// than 128 there).</summary>
    public static byte[] Netmask(AddressFamily family, int prefixLength)
    {
        var bytes = new byte[4];
        if (family == AddressFamily.InterNetworkV6)
        {
            BitConverter.TryWriteBytes(bytes, (uint)prefixLength);
        }
        else
        {
            var mask = prefixLength <= 0 ? 0u : uint.MaxValue << (32 - Math.Min(prefixLength, 32));
            BinaryPrimitives.WriteUInt32BigEndian(bytes, mask);
        }

        return bytes;
    }

    /// <summary>An address as nf_inet_addr: 16 bytes, IPv4 in the first four.</summary>
    public static byte[] Address16(IPAddress address)
    {
        var bytes = new byte[16];
        address.GetAddressBytes().CopyTo(bytes, 0);
        return bytes;
    }

    private static NetlinkRequestWriter Request(ushort familyId, IpvsCommand command) =>
        new(familyId, NetlinkConstants.FlagRequest | NetlinkConstants.FlagAck, (byte)command, IpvsProtocol.FamilyVersion);

    private static NetlinkRequestWriter ServiceKey(NetlinkRequestWriter writer, LvsServiceKey key) =>
        ServiceKeyAttributes(writer.BeginNest(IpvsAttribute.Service), key).EndNest();

    private static NetlinkRequestWriter ServiceKeyAttributes(NetlinkRequestWriter writer, LvsServiceKey key)
    {
        writer.U16(ServiceFamily, Family(key.Family));
        return key.IsFwmark
            ? writer.U32(ServiceFwmark, key.Fwmark)
            : writer.U16(ServiceProtocol, (ushort)key.Protocol!.Value)
                .Attribute(ServiceAddress, Address16(key.Address!))
                .U16NetworkOrder(ServicePort, (ushort)key.Port);
    }

    private static NetlinkRequestWriter Service(NetlinkRequestWriter writer, LvsService service)
    {
        var flags = new byte[8];
        BitConverter.TryWriteBytes(flags, service.PersistenceTimeout is null ? 0u : ServiceFlagPersistent);
        // The mask says which flags this request sets; all of them, so a flag someone set by hand is cleared.
        BitConverter.TryWriteBytes(flags.AsSpan(4), uint.MaxValue);
        return ServiceKeyAttributes(writer.BeginNest(IpvsAttribute.Service), service.Key)
            .String(ServiceScheduler, service.Scheduler)
            .Attribute(ServiceFlags, flags)
            .U32(ServiceTimeout, (uint)(service.PersistenceTimeout?.TotalSeconds ?? 0))
            .Attribute(ServiceNetmask, Netmask(service.Key.Family, service.PersistenceNetmask))
            .EndNest();
    }

    private static NetlinkRequestWriter DestinationKey(NetlinkRequestWriter writer, LvsServiceKey service, IPAddress address,
        int port) =>
        DestinationKeyAttributes(ServiceKey(writer, service).BeginNest(IpvsAttribute.Destination), address, port).EndNest();

    private static NetlinkRequestWriter DestinationKeyAttributes(NetlinkRequestWriter writer, IPAddress address, int port) =>
        writer.U16(DestinationFamily, Family(address.AddressFamily))
            .Attribute(DestinationAddress, Address16(address))
            .U16NetworkOrder(DestinationPort, (ushort)port);

    private static NetlinkRequestWriter Destination(NetlinkRequestWriter writer, LvsServiceKey service, LvsDestination destination) =>
        DestinationKeyAttributes(ServiceKey(writer, service).BeginNest(IpvsAttribute.Destination), destination.Address, destination.Port)
            .U32(DestinationForwarding, Forwarding(destination.Method))
            .U32(DestinationWeight, (uint)destination.Weight)
            .U32(DestinationUpperThreshold, (uint)destination.UpperThreshold)
            .U32(DestinationLowerThreshold, (uint)destination.LowerThreshold)
            .EndNest();
}
