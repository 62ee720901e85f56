using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class VirtualServerBinder
{
    /// <summary>Persistence without a value, as keepalived defaults it.</summary>
    private static readonly TimeSpan PersistenceDefault = TimeSpan.FromSeconds(360);

    public static VirtualServer? Bind(ConfigNode block, BindContext c)
    {
        if (Key(block, c) is not { } key)
        {
            return null;
        }

        var vs = new VirtualServer { Key = key, At = block.At };
        var map = new SourceMap();
        var realServers = new List<RealServer>();
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            vs = n.Keyword switch
            {
                "delay_loop" => vs with { DelayLoop = c.Timer(n) ?? vs.DelayLoop },
                "lb_algo" or "lvs_sched" => vs with { Scheduler = c.Word(n) },
                "lb_kind" or "lvs_method" => vs with
                {
                    ForwardingMethod = Forwarding(n, c) ?? vs.ForwardingMethod,
                    ForwardingOptions = [.. n.Args.Skip(1)],
                },
                "persistence_timeout" => vs with { PersistenceTimeout = n.Args.Count == 0 ? PersistenceDefault : c.Timer(n) },
                "persistence_granularity" => vs with { PersistenceGranularity = c.Word(n) },
                "protocol" => vs with { Protocol = c.Word(n) },
                "sorry_server" => vs with { SorryServer = Endpoint(n, c, "sorry_server") },
                "sorry_server_inhibit" => vs with { SorryServerInhibit = c.Flag(n) },
                "sorry_server_lvs_method" => vs with { SorryServerForwardingMethod = Forwarding(n, c) },
                "quorum" => vs with { Quorum = c.Int(n) ?? vs.Quorum },
                "hysteresis" => vs with { Hysteresis = c.Int(n) ?? vs.Hysteresis },
                "quorum_up" => vs with { QuorumUp = c.Script(n) },
                "quorum_down" => vs with { QuorumDown = c.Script(n) },
                "alpha" => vs with { Alpha = c.Flag(n) },
                "omega" => vs with { Omega = c.Flag(n) },
                "ha_suspend" => vs with { HaSuspend = c.Flag(n) },
                "virtualhost" => vs with { Virtualhost = c.Word(n) },
                "inhibit_on_failure" => vs with { InhibitOnFailure = c.Flag(n) },
                "retry" => vs with { Retry = c.Int(n) },
                "delay_before_retry" => vs with { DelayBeforeRetry = c.Timer(n) },
                "connect_timeout" => vs with { ConnectTimeout = c.Timer(n) },
                "warmup" => vs with { Warmup = c.Timer(n) },
                "real_server" => AddRealServer(vs, n, c, realServers, map),
                _ => map.Carry(vs, c, n, "virtual_server"),
            };
        }

        map.Sources.Remove("real_server");
        return vs with { RealServers = realServers, Sources = map.Sources, Carried = map.Carried };
    }

    private static VirtualServer AddRealServer(VirtualServer vs, ConfigNode n, BindContext c, List<RealServer> into, SourceMap map)
    {
        if (RealServerBinder.Bind(n, c) is { } rs)
        {
            into.Add(rs);
        }

        return vs;
    }

    /// <summary>virtual_server IP [PORT] | fwmark N | group NAME; keepalived skips a block it cannot name.</summary>
    private static VirtualServerKey? Key(ConfigNode block, BindContext c)
    {
        switch (block.Arg(0))
        {
            case null:
                c.Word(block);
                return null;
            case "fwmark":
                return c.UInt(block, 1) is { } mark ? new VirtualServerKey(VirtualServerKind.Fwmark, null, null, mark, null) : null;
            case "group":
                return c.Word(block, 1) is { } group ? new VirtualServerKey(VirtualServerKind.Group, null, null, null, group) : null;
            case var ip:
                var address = c.Address(ip, block.At, "virtual_server (keepalived skips this block)");
                int? port = block.Arg(1) is { } p ? c.Port(p, block.At, "virtual_server") : null;
                return address is null ? null : new VirtualServerKey(VirtualServerKind.Address, address, port, null, null);
        }
    }

    public static Endpoint? Endpoint(ConfigNode n, BindContext c, string what)
    {
        if (c.Word(n) is not { } word || c.Address(word, n.At, what) is not { } address)
        {
            return null;
        }

        return new Endpoint(address, n.Arg(1) is { } p ? c.Port(p, n.At, what) : null, n.At);
    }

    /// <summary>NAT | DR | TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]; the caller keeps the options.</summary>
    public static ForwardingMethod? Forwarding(ConfigNode n, BindContext c)
    {
        switch (c.Word(n))
        {
            case "NAT":
                return ForwardingMethod.Nat;
            case "DR":
                return ForwardingMethod.DirectRouting;
            case "TUN":
                return ForwardingMethod.Tunnel;
            case { } other:
                c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue, $"unknown forwarding method '{other}'", "use NAT, DR or TUN");
                return null;
            default:
                return null;
        }
    }

}
