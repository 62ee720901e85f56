namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>The numbers of IPVS's generic netlink family (include/uapi/linux/ip_vs.h) and of the netlink and nlctrl
/// layers beneath it (linux/netlink.h, linux/genetlink.h). Named as the kernel names them, so a reader can look each
/// one up.</summary>
public static class IpvsProtocol
{
    public const string FamilyName = "IPVS";
    public const byte FamilyVersion = 1;

    /// <summary>IP_VS_SCHEDNAME_MAXLEN is 16 including the terminating NUL.</summary>
    public const int SchedulerNameLengthMax = 15;

    public const int AfInet = 2, AfInet6 = 10;
}

/// <summary>nlmsghdr types and flags (linux/netlink.h).</summary>
public static class NetlinkConstants
{
    public const int HeaderLength = 16;
    public const ushort Error = 2, Done = 3;
    public const ushort FlagRequest = 1, FlagMulti = 2, FlagAck = 4, FlagDump = 0x300;

    /// <summary>NLA_F_NESTED and NLA_F_NET_BYTEORDER ride in an attribute's type; readers mask them off.</summary>
    public const ushort AttributeTypeMask = 0x3fff;
}

/// <summary>The generic netlink controller (GENL_ID_CTRL) that maps family names to ids.</summary>
public static class GenericNetlinkController
{
    public const ushort Id = 0x10;
    public const byte CommandGetFamily = 3;
    public const ushort AttributeFamilyId = 1, AttributeFamilyName = 2;
    public const int HeaderLength = 4;
}

/// <summary>IPVS_CMD_*.</summary>
public enum IpvsCommand : byte
{
    NewService = 1,
    SetService = 2,
    DeleteService = 3,
    GetService = 4,
    NewDestination = 5,
    SetDestination = 6,
    DeleteDestination = 7,
    GetDestination = 8,
}

/// <summary>IPVS_CMD_ATTR_*, IPVS_SVC_ATTR_*, IPVS_DEST_ATTR_*, IPVS_STATS_ATTR_*.</summary>
public static class IpvsAttribute
{
    public const ushort Service = 1, Destination = 2;

    public const ushort ServiceFamily = 1, ServiceProtocol = 2, ServiceAddress = 3, ServicePort = 4, ServiceFwmark = 5,
        ServiceScheduler = 6, ServiceFlags = 7, ServiceTimeout = 8, ServiceNetmask = 9, ServiceStats = 10,
        ServiceStats64 = 12;

    public const ushort DestinationAddress = 1, DestinationPort = 2, DestinationForwarding = 3, DestinationWeight = 4,
        DestinationUpperThreshold = 5, DestinationLowerThreshold = 6, DestinationActiveConnections = 7,
        DestinationInactiveConnections = 8, DestinationPersistentConnections = 9, DestinationStats = 10,
        DestinationFamily = 11, DestinationStats64 = 12;

    public const ushort StatsConnections = 1, StatsPacketsIn = 2, StatsPacketsOut = 3, StatsBytesIn = 4, StatsBytesOut = 5;

    /// <summary>IP_VS_SVC_F_PERSISTENT.</summary>
    public const uint ServiceFlagPersistent = 0x1;

    /// <summary>IP_VS_CONN_F_FWD_MASK: the forwarding method's bits in a destination's connection flags.</summary>
    public const uint ForwardingMask = 0x7;

    /// <summary>IP_VS_CONN_F_MASQ, _LOCALNODE, _TUNNEL, _DROUTE.</summary>
    public const uint ForwardMasquerade = 0, ForwardLocalNode = 1, ForwardTunnel = 2, ForwardDirectRoute = 3;
}
