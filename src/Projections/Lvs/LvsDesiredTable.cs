using System.Net;
using System.Net.Sockets;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Lvs;

namespace EsHa.Projections.Lvs;

/// <summary>
/// The LVS table a node wants, from its configuration and the checkers' state (itself a fold of the journal's LVS
/// events): keepalived's rules (docs/keepalived-checkers.md §2–3). A live real server is in at its weight; a dead
/// one is out, or in at weight 0 with inhibit_on_failure; while the quorum is down the sorry server replaces the
/// live ones. A virtual_server_group gives one kernel service per entry.
/// </summary>
public static class LvsDesiredTable
{
    /// <summary>ipvsadm's default scheduler, used when lb_algo is not given.</summary>
    public const string DefaultScheduler = "wlc";

    public static LvsTable Of(KeepalivedConfig config, Func<string, VirtualServerState?> virtualServers, Func<string, RealServerState?> realServers) =>
        LvsDiff.Sorted(config.VirtualServers.SelectMany(vs => Of(vs, config, virtualServers(vs.Describe()), realServers)));

    public static IEnumerable<LvsService> Of(VirtualServer vs, KeepalivedConfig config, VirtualServerState? state, Func<string, RealServerState?> realServers)
    {
        if (state is not { Started: true })
        {
            return [];
        }

        var destinations = new List<LvsDestination>();
        foreach (var rs in vs.RealServers)
        {
            var live = realServers($"{vs.Describe()}/{rs}");
            if (live is null || !IPAddress.TryParse(rs.Address, out var address))
            {
                continue;
            }

            var inhibit = rs.InhibitOnFailure ?? vs.InhibitOnFailure;
            var weight = live.Alive && !state.SorryServerActive ? live.Weight : inhibit && !live.Alive ? 0 : (int?)null;
            if (weight is { } w)
            {
                var method = rs.ForwardingMethod ?? vs.ForwardingMethod;
                destinations.Add(new LvsDestination(address, Port(vs, rs.Port, method), method, w, rs.UpperThreshold ?? 0, rs.LowerThreshold ?? 0));
            }
        }

        if (vs.SorryServer is { } sorry && IPAddress.TryParse(sorry.Address, out var sorryAddress) && (state.SorryServerActive || vs.SorryServerInhibit))
        {
            var method = vs.SorryServerForwardingMethod ?? vs.ForwardingMethod;
            destinations.Add(new LvsDestination(sorryAddress, Port(vs, sorry.Port, method), method, state.SorryServerActive ? 1 : 0));
        }

        return Keys(vs, config).Select(key => new LvsService(key, vs.Scheduler ?? DefaultScheduler, vs.EffectivePersistenceTimeout,
            PersistenceNetmask(vs, key.Family), destinations.OrderBy(d => d.SortKey, StringComparer.Ordinal).ToList()));
    }

    /// <summary>A destination's port as keepalived 2.2.7 sets it (check_data.c, validate_check_config): NAT keeps the
    /// real server's (else the service's); DR and TUN cannot change ports, so a fwmark service's real servers get 0
    /// ("same as the packet's") and an address service's get the service's port.</summary>
    private static int Port(VirtualServer vs, int? configured, ForwardingMethod method) => method switch
    {
        ForwardingMethod.Nat => configured ?? vs.Key.Port ?? 0,
        _ when vs.Key.Kind == VirtualServerKind.Fwmark => 0,
        _ => vs.Key.Port ?? configured ?? 0,
    };

    /// <summary>The kernel services a virtual server names: one for ip+port or fwmark, one per address of a group.</summary>
    public static IEnumerable<LvsServiceKey> Keys(VirtualServer vs, KeepalivedConfig config)
    {
        var protocol = Protocol(vs.EffectiveProtocol);
        switch (vs.Key.Kind)
        {
            case VirtualServerKind.Address when IPAddress.TryParse(vs.Key.Address, out var address):
                yield return LvsServiceKey.Of(address, vs.Key.Port ?? 0, protocol);
                break;
            case VirtualServerKind.Fwmark:
                yield return LvsServiceKey.OfFwmark(vs.Key.Fwmark ?? 0, FamilyOf(vs));
                break;
            case VirtualServerKind.Group:
                var group = config.VirtualServerGroups.FirstOrDefault(g => g.Name == vs.Key.Group);
                foreach (var entry in group?.Entries ?? [])
                {
                    if (entry.Fwmark is { } mark)
                    {
                        yield return LvsServiceKey.OfFwmark(mark, FamilyOf(vs));
                        continue;
                    }

                    foreach (var address in Expand(entry))
                    {
                        yield return LvsServiceKey.Of(address, entry.Port ?? 0, protocol);
                    }
                }

                break;
        }
    }

    private static LvsProtocol Protocol(string? name) => name?.ToUpperInvariant() switch
    {
        "TCP" => LvsProtocol.Tcp,
        "SCTP" => LvsProtocol.Sctp,
        _ => LvsProtocol.Udp,
    };

    private static AddressFamily FamilyOf(VirtualServer vs) =>
        vs.RealServers.Any(r => IPAddress.TryParse(r.Address, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6)
            ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>A group line's addresses: one, or a last-part range "A.B.C.D-E" (a prefix names one service for the
    /// whole block in keepalived; EsHa takes its first address).</summary>
    private static IEnumerable<IPAddress> Expand(VirtualServerGroupEntry entry)
    {
        if (!IPAddress.TryParse(entry.Address, out var first))
        {
            yield break;
        }

        if (entry.RangeEnd is null || !int.TryParse(entry.RangeEnd, System.Globalization.NumberStyles.HexNumber, null, out var last))
        {
            yield return first;
            yield break;
        }

        var bytes = first.GetAddressBytes();
        var isV4 = first.AddressFamily == AddressFamily.InterNetwork;
        var start = isV4 ? bytes[^1] : (bytes[^2] << 8) | bytes[^1];
        if (isV4 && !int.TryParse(entry.RangeEnd, out last))
        {
            yield return first;
            yield break;
        }

        for (var i = start; i <= last && i <= (isV4 ? 255 : 65535); i++)
        {
            if (isV4)
            {
                bytes[^1] = (byte)i;
            }
            else
            {
                bytes[^2] = (byte)(i >> 8);
                bytes[^1] = (byte)i;
            }

            yield return new IPAddress(bytes);
        }
    }

    private static int PersistenceNetmask(VirtualServer vs, AddressFamily family)
    {
        var full = family == AddressFamily.InterNetworkV6 ? 128 : 32;
        var granularity = vs.PersistenceGranularity;
        if (granularity is null)
        {
            return full;
        }

        if (int.TryParse(granularity, out var prefix))
        {
            return Math.Clamp(prefix, 0, full);
        }

        return IPAddress.TryParse(granularity, out var mask)
            ? mask.GetAddressBytes().Sum(b => System.Numerics.BitOperations.PopCount(b))
            : full;
    }
}
