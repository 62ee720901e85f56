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
        var map = new SourceMap(block.Children?.Count ?? 0);
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
                    ForwardingOptions = TunnelOptions(n, c),
                },
                "persistence_timeout" => vs with { PersistenceTimeout = n.Args.Count == 0 ? PersistenceDefault : c.Seconds(n) },
                "persistence_granularity" => vs with { PersistenceGranularity = c.Word(n) },
                "protocol" => vs with { Protocol = Protocol(n, c) },
                "sorry_server" => vs with { SorryServer = Endpoint(n, c, "sorry_server") },
                "sorry_server_inhibit" => vs with { SorryServerInhibit = c.On(n) },
                "sorry_server_lvs_method" => vs with { SorryServerForwardingMethod = Forwarding(n, c) },
                "quorum" => vs with { Quorum = c.Int(n) ?? vs.Quorum },
                "hysteresis" => vs with { Hysteresis = c.Int(n) ?? vs.Hysteresis },
                "quorum_up" => vs with { QuorumUp = c.First(vs.QuorumUp, n, c.Script) },
                "quorum_down" => vs with { QuorumDown = c.First(vs.QuorumDown, n, c.Script) },
                "alpha" => vs with { Alpha = c.On(n) },
                "omega" => vs with { Omega = c.On(n) },
                "ha_suspend" => vs with { HaSuspend = c.On(n) },
                "virtualhost" => vs with { Virtualhost = c.Word(n) },
                "inhibit_on_failure" => vs with { InhibitOnFailure = c.On(n) },
                "retry" => vs with { Retry = c.Int(n) },
                "delay_before_retry" => vs with { DelayBeforeRetry = c.Timer(n) },
                "connect_timeout" => vs with { ConnectTimeout = c.Timer(n) },
                "warmup" => vs with { Warmup = c.Timer(n) },
                "weight" => vs with { RealServerWeight = c.Int(n) },
                "real_server" => AddRealServer(vs, n, c, realServers),
                _ => map.Carry(vs, c, n, "virtual_server"),
            };
        }

        map.Sources.Remove("real_server");
        return vs with { RealServers = realServers, Sources = map.Sources, Carried = map.Carried };
    }

    /// <summary>keepalived compares the protocol without regard to case.</summary>
    private static string? Protocol(ConfigNode n, BindContext c)
    {
        var word = c.Word(n);
        var upper = word?.ToUpperInvariant();
        if (upper is "TCP" or "UDP" or "SCTP")
        {
            return upper;
        }

        if (word is not null)
        {
            c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue, $"unknown protocol '{word}'", "use TCP, UDP or SCTP");
        }

        return null;
    }

    /// <summary>What follows the method: [type ipip|gue|gre] [port N] [nocsum|csum|remcsum], checked as
    /// keepalived's svr_forwarding_handler does; with a problem keepalived keeps the method and the tunnel defaults.</summary>
    public static IReadOnlyList<string> TunnelOptions(ConfigNode n, BindContext c)
    {
        var words = n.Args.Skip(1).ToList();
        string type = "ipip", checksum = "nocsum";
        var port = 0;
        string? problem = null;
        for (var i = 0; i < words.Count && problem is null; i++)
        {
            var next = i + 1 < words.Count ? words[i + 1] : null;
            switch (words[i])
            {
                case "type":
                    problem = next is "ipip" or "gue" or "gre" ? null : $"unknown tunnel type '{next}'";
                    type = next ?? type;
                    i++;
                    break;
                case "port":
                    problem = int.TryParse(next, out port) && port is >= 1 and <= 65535 ? null : $"invalid gue tunnel port '{next}'";
                    i++;
                    break;
                case "nocsum" or "csum" or "remcsum":
                    checksum = words[i];
                    break;
                default:
                    problem = $"invalid tunnel option '{words[i]}'";
                    break;
            }
        }

        problem ??= (type == "gue") != (port != 0) ? "gue tunnels require a port, and only they take one"
            : type == "ipip" && checksum != "nocsum" ? "ipip tunnels take no checksum option" : null;
        if (problem is null)
        {
            return words;
        }

        c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue, $"{n.Keyword}: {problem} - keepalived uses the tunnel defaults");
        return [];
    }

    private static VirtualServer AddRealServer(VirtualServer vs, ConfigNode n, BindContext c, List<RealServer> into)
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
