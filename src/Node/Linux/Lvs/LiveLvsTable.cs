using EsHa.Node.Linux.Lvs.Ipvs;
using EsHa.Node.Linux.Lvs.Nftables;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs;

/// <summary>The LVS table the kernel has now, with what its backend counts: IPVS's connections and traffic per
/// destination, or nftables' packets and bytes per destination chain. For `esha lvs`; needs no running node.</summary>
public sealed record LiveLvsTable(string Backend, LvsTable Table, IReadOnlyDictionary<(LvsServiceKey, string), LiveCounters> Counters)
{
    public static LiveLvsTable Read(string choice)
    {
        using var backend = LvsBackends.Open(choice);
        var table = backend.Read();
        var counters = new Dictionary<(LvsServiceKey, string), LiveCounters>();
        switch (backend)
        {
            case IpvsBackend ipvs:
                foreach (var service in ipvs.ReadCounters())
                {
                    foreach (var d in service.Destinations)
                    {
                        counters[(service.Service, d.Endpoint)] = new LiveCounters(d.ActiveConnections, d.InactiveConnections, d.Traffic.Connections,
                            d.Traffic.PacketsIn, d.Traffic.BytesIn);
                    }
                }

                break;
            case NftablesBackend nft:
                var chains = nft.Counters();
                foreach (var service in table.Services)
                {
                    foreach (var d in service.Destinations)
                    {
                        if (chains.TryGetValue(NftNames.Destination(service.Key, d), out var c))
                        {
                            counters[(service.Key, d.Endpoint)] = new LiveCounters(null, null, null, (ulong)c.Packets, (ulong)c.Bytes);
                        }
                    }
                }

                break;
        }

        return new LiveLvsTable(backend.Name, table, counters);
    }
}

/// <summary>A destination's counters; null where the backend does not count it (nftables has no connection
/// states; its packets are those the LB forwarded to the destination).</summary>
public sealed record LiveCounters(uint? ActiveConnections, uint? InactiveConnections, ulong? Connections, ulong PacketsIn, ulong BytesIn);
