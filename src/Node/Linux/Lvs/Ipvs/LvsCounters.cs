using System.Net;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>What IPVS counted for a service or a destination since it was added (IPVS_STATS_ATTR_*): connections
/// scheduled, packets and bytes in and out.</summary>
public sealed record LvsTraffic(ulong Connections, ulong PacketsIn, ulong PacketsOut, ulong BytesIn, ulong BytesOut)
{
    public static readonly LvsTraffic None = new(0, 0, 0, 0, 0);
}

/// <summary>One destination's counters: its connections now (active, inactive, persistence templates) and its
/// traffic so far.</summary>
public sealed record LvsDestinationCounters(IPAddress Address, int Port, uint ActiveConnections, uint InactiveConnections,
    uint PersistentConnections, LvsTraffic Traffic)
{
    public string Endpoint => LvsDestination.Format(Address, Port);
}

/// <summary>One service's counters with its destinations', as `ipvsadm -Ln --stats` and `esha lvs` show them.</summary>
public sealed record LvsServiceCounters(LvsServiceKey Service, LvsTraffic Traffic, IReadOnlyList<LvsDestinationCounters> Destinations);
