using System.Net;
using System.Net.Sockets;
using System.Text;
using EsHa.Domain.Config.Model;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs.Nftables;

/// <summary>
/// Renders LVS services as one nftables transaction (docs/lvs-nftables.md has the design):
/// <list type="bullet">
/// <item>NAT services hang off a nat prerouting chain at dstnat; only a connection's first packet passes there,
/// which picks a destination mark (numgen inc over the weights: IPVS's wrr order; jhash of the client for sh/dh/mh)
/// and a verdict map jumps to the destination's chain, which DNATs.</item>
/// <item>DR services hang off a filter prerouting chain after the mangle hook (so fwmark rules have marked the
/// packet): every packet passes, so the first packet of a flow (client address and port, or the client's masked
/// address with persistence) pins its mark in a timeout map; the destination's chain dups the packet to the real
/// server unchanged (nf_dup routes it to that next hop on the segment, as DR does) and drops the original.</item>
/// <item>A destination that is this host (a sorry server on 127.0.0.1) is delivered locally.</item>
/// </list>
/// Services being changed are rebuilt chain by chain inside one transaction; their flow maps are kept, so pinned
/// flows stay where they are.
/// </summary>
internal sealed class NftRuleset(Func<IPAddress, bool> isLocal, Func<IPAddress, string?> deviceFor)
{
    public (string Script, Dictionary<LvsServiceKey, string> Refused, NftInventory After) Transaction(LvsTable target, IReadOnlySet<LvsServiceKey> affected,
        NftInventory existing, LvsTable current)
    {
        var refused = new Dictionary<LvsServiceKey, string>();
        var script = new StringBuilder();
        var t = $"ip {NftNames.Table}";
        script.AppendLine($"add table {t}");
        script.AppendLine($"add chain {t} {NftNames.DirectChain} {{ type filter hook prerouting priority mangle + 10; policy accept; }}");
        script.AppendLine($"add chain {t} {NftNames.NatChain} {{ type nat hook prerouting priority dstnat; policy accept; }}");
        var dispatchChanged = false;
        var rendered = new List<(LvsService Service, string Chain, List<string> Lines, HashSet<string> Chains, HashSet<string> Maps)>();
        var keepChains = new HashSet<string>(StringComparer.Ordinal) { NftNames.DirectChain, NftNames.NatChain };
        var keepMaps = new HashSet<string>(StringComparer.Ordinal);
        var dispatch = new List<string>();
        foreach (var service in target.Services)
        {
            var direct = IsDirect(service);
            var (chains, maps) = Names(service, direct);
            if (affected.Contains(service.Key) || !existing.Chains.IsSupersetOf(chains))
            {
                // Only services that changed (or whose chains are missing) are rendered: the rest stay as they are.
                if (Unsupported(service) is { } why)
                {
                    refused[service.Key] = why;
                    continue;
                }

                // A destination whose chain exists with the same settings keeps it: a change touches the service's
                // selection rules and the destinations that changed, so its cost does not grow with the service.
                var before = current.Find(service.Key);
                var kept = before is not null && IsDirect(before) == direct
                    ? before.Destinations.Where(d => service.Destinations.Contains(d) && existing.Chains.Contains(NftNames.Destination(service.Key, d)))
                        .Select(d => NftNames.Destination(service.Key, d)).ToHashSet(StringComparer.Ordinal)
                    : [];
                dispatchChanged |= before is null || IsDirect(before) != direct;
                rendered.Add((service, NftNames.Service(service.Key), Service(service, direct, t, kept), chains.Except(kept).ToHashSet(StringComparer.Ordinal), maps));
            }

            keepChains.UnionWith(chains);
            keepMaps.UnionWith(maps);
            dispatch.Add($"add rule {t} {(direct ? NftNames.DirectChain : NftNames.NatChain)} {Match(service.Key)} jump {NftNames.Service(service.Key)}");
        }

        dispatchChanged |= existing.Chains.Any(c => c.StartsWith("s_", StringComparison.Ordinal) && !keepChains.Contains(c));
        if (dispatchChanged || !existing.Chains.Contains(NftNames.DirectChain))
        {
            script.AppendLine($"flush chain {t} {NftNames.DirectChain}");
            script.AppendLine($"flush chain {t} {NftNames.NatChain}");
        }
        else
        {
            dispatch.Clear();
        }

        // Rebuilt and departed chains are emptied first, so that nothing refers to a chain when it is deleted.
        foreach (var chain in existing.Chains.Where(c => c.StartsWith("s_", StringComparison.Ordinal) || c.StartsWith("d_", StringComparison.Ordinal)))
        {
            if (!keepChains.Contains(chain) || rendered.Any(r => r.Chains.Contains(chain)))
            {
                script.AppendLine($"flush chain {t} {chain}");
            }
        }

        foreach (var (_, _, lines, _, _) in rendered)
        {
            lines.ForEach(l => script.AppendLine(l));
        }

        dispatch.ForEach(l => script.AppendLine(l));

        foreach (var chain in existing.Chains.Where(c => !keepChains.Contains(c) && (c.StartsWith("s_", StringComparison.Ordinal) || c.StartsWith("d_", StringComparison.Ordinal))))
        {
            script.AppendLine($"delete chain {t} {chain}");
        }

        foreach (var map in existing.Maps.Where(m => !keepMaps.Contains(m)))
        {
            script.AppendLine($"delete map {t} {map}");
        }

        return (script.ToString(), refused, new NftInventory(keepChains, keepMaps));
    }

    private string? Unsupported(LvsService service)
    {
        if (service.Key.Family == AddressFamily.InterNetworkV6 || service.Destinations.Any(d => d.Address.AddressFamily == AddressFamily.InterNetworkV6))
        {
            return "IPv6 services need the IPVS backend";
        }

        if (service.Destinations.Any(d => d.Method == ForwardingMethod.Tunnel && !isLocal(d.Address)))
        {
            return "lb_kind TUN needs the IPVS backend";
        }

        var direct = IsDirect(service);
        if (!direct && service.Destinations.Any(d => d.Method == ForwardingMethod.DirectRouting && !isLocal(d.Address)))
        {
            return "mixed DR and NAT destinations in one service need the IPVS backend";
        }

        return service.Destinations.FirstOrDefault(d => direct && d.Method == ForwardingMethod.Nat && !isLocal(d.Address)) is { } nat
            ? $"mixed DR and NAT destinations ({nat.Endpoint}) in one service need the IPVS backend"
            : service.Destinations.FirstOrDefault(d => direct && !isLocal(d.Address) && deviceFor(d.Address) is null) is { } far
                ? $"no interface of this host is on {far.Address}'s segment (DR forwards to a next hop on it)"
                : null;
    }

    private bool IsDirect(LvsService service) => service.Destinations.Any(d => d.Method == ForwardingMethod.DirectRouting && !isLocal(d.Address));

    /// <summary>The chains and flow map a service's rendering has (without rendering it).</summary>
    private static (HashSet<string> Chains, HashSet<string> Maps) Names(LvsService service, bool direct)
    {
        var chains = new HashSet<string>(StringComparer.Ordinal) { NftNames.Service(service.Key) };
        foreach (var d in service.Destinations)
        {
            chains.Add(NftNames.Destination(service.Key, d));
        }

        var maps = new HashSet<string>(StringComparer.Ordinal);
        if (FlowMap(service, direct) is { } map)
        {
            maps.Add(map);
        }

        return (chains, maps);
    }

    /// <summary>The map pinning flows (DR) or clients (persistence) to a destination; null when none is needed.
    /// Its name carries its spec, so a changed timeout or mask makes a new map instead of a conflict.</summary>
    private static string? FlowMap(LvsService service, bool direct) =>
        service.Destinations.Any(d => d.Weight > 0) && (service.PersistenceTimeout is not null || direct)
            ? service.PersistenceTimeout is { } persist
                ? $"f_{NftNames.Service(service.Key)[2..]}_{(int)persist.TotalSeconds}_{service.PersistenceNetmask}"
                : $"c_{NftNames.Service(service.Key)[2..]}"
            : null;

    private List<string> Service(LvsService service, bool direct, string t, HashSet<string> kept)
    {
        var chain = NftNames.Service(service.Key);
        var lines = new List<string> { $"add chain {t} {chain}", $"add rule {t} {chain} counter comment \"{NftNames.ServiceComment(service)}\"" };
        var marks = NftNames.Marks(service);
        var active = service.Destinations.Where(d => d.Weight > 0).ToList();
        foreach (var d in service.Destinations.Where(d => !kept.Contains(NftNames.Destination(service.Key, d))))
        {
            var dest = NftNames.Destination(service.Key, d);
            lines.Add($"add chain {t} {dest}");
            lines.Add($"add rule {t} {dest} {Action(d, direct)} comment \"{NftNames.DestinationComment(d)}\"");
        }

        if (active.Count == 0)
        {
            // No destination may take new connections (none alive, or all inhibited): refused, as IPVS refuses.
            lines.Add($"add rule {t} {chain} reject");
            return lines;
        }

        var select = Selection(service, active, marks);
        var (key, mapSpec) = service.PersistenceTimeout is { } persist
            ? (service.PersistenceNetmask >= 32 ? "ip saddr" : $"ip saddr and {Mask(service.PersistenceNetmask)}",
                $"type ipv4_addr : mark; flags dynamic,timeout; timeout {(int)persist.TotalSeconds}s; size 1048576;")
            // A connection as IPVS keys one: client address and port, virtual address and port. The client's port
            // alone is not enough: a fwmark service takes several ports, and a client reuses a source port towards
            // another port, which would then skip the scheduler and follow the old flow. IPVS adds the protocol;
            // nft 1.0.6 aborts (an assertion in libnftables) on a five-part key with a map update, so a UDP flow
            // that shares all four with a TCP one follows it to the same real server.
            : direct ? ("ip saddr . th sport . ip daddr . th dport",
                "type ipv4_addr . inet_service . ipv4_addr . inet_service : mark; flags dynamic,timeout; timeout 900s; size 1048576;")
            : (null, null);
        if (key is null)
        {
            lines.Add($"add rule {t} {chain} meta mark set {select}");
        }
        else
        {
            var map = FlowMap(service, direct)!;
            lines.Add($"add map {t} {map} {{ {mapSpec} }}");
            lines.Add($"add rule {t} {chain} {key} != @{map} meta mark set {select}");
            lines.Add($"add rule {t} {chain} {key} != @{map} update @{map} {{ {key} : meta mark }}");
            lines.Add($"add rule {t} {chain} meta mark set {key} map @{map}");
            lines.Add($"add rule {t} {chain} update @{map} {{ {key} : meta mark }}");
        }

        lines.Add($"add rule {t} {chain} meta mark vmap {{ {string.Join(", ", active.Select(d => $"0x{marks[d]:x8} : jump {NftNames.Destination(service.Key, d)}"))} }}");
        lines.Add($"add rule {t} {chain} drop");
        return lines;
    }

    /// <summary>Which destination a new flow gets: IPVS's weighted round robin order (rr: weights taken as 1;
    /// weights divided by their common divisor), or for the hashing schedulers a hash of the client address.</summary>
    private static string Selection(LvsService service, List<LvsDestination> active, Dictionary<LvsDestination, uint> marks)
    {
        var hashing = service.Scheduler is "sh" or "dh" or "mh";
        var weights = active.Select(d => service.Scheduler == "rr" || hashing ? 1 : d.Weight).ToList();
        var divisor = weights.Aggregate(0, (a, b) => (int)System.Numerics.BigInteger.GreatestCommonDivisor(a, b));
        var slots = new List<string>();
        var next = 0;
        for (var i = 0; i < active.Count; i++)
        {
            var count = weights[i] / divisor;
            slots.Add(count == 1 ? $"{next} : 0x{marks[active[i]]:x8}" : $"{next}-{next + count - 1} : 0x{marks[active[i]]:x8}");
            next += count;
        }

        return $"{(hashing ? "jhash ip saddr" : "numgen inc")} mod {next} map {{ {string.Join(", ", slots)} }}";
    }

    private string Action(LvsDestination d, bool direct)
    {
        if (isLocal(d.Address))
        {
            return direct ? "counter accept"
                : d.Port == 0 ? "meta l4proto { tcp, udp } counter redirect" : $"meta l4proto {{ tcp, udp }} counter redirect to :{d.Port}";
        }

        return direct
            ? $"counter meta mark set 0 dup to {d.Address} device \"{deviceFor(d.Address)}\" drop"
            : d.Port == 0 ? $"counter dnat to {d.Address}" : $"meta l4proto {{ tcp, udp }} counter dnat to {d.Address}:{d.Port}";
    }

    private static string Match(LvsServiceKey key) => key.IsFwmark
        ? $"meta mark {key.Fwmark}"
        : $"ip daddr {key.Address} {key.Protocol?.ToString().ToLowerInvariant()} dport {key.Port}";

    private static string Mask(int prefix) => new IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(prefix == 0 ? 0u : uint.MaxValue << (32 - prefix))).ToString();
}

/// <summary>The chains and maps EsHa's table has now (read from the kernel, then kept up to date by each apply).</summary>
internal sealed record NftInventory(HashSet<string> Chains, HashSet<string> Maps)
{
    public static NftInventory Empty() => new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
}
