using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class RealServerBinder
{
    public static RealServer? Bind(ConfigNode block, BindContext c)
    {
        if (c.Word(block) is not { } word || c.Address(word, block.At, "real_server (keepalived skips this block)") is not { } address)
        {
            return null;
        }

        var rs = new RealServer
        {
            Address = address,
            Port = block.Arg(1) is { } p ? c.Port(p, block.At, "real_server") : null,
            At = block.At,
        };
        var map = new SourceMap(block.Children?.Count ?? 0);
        var checkers = new List<HealthChecker>();
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            rs = n.Keyword switch
            {
                "weight" => rs with { Weight = c.Int(n) },
                "lvs_method" => rs with
                {
                    ForwardingMethod = VirtualServerBinder.Forwarding(n, c),
                    ForwardingOptions = VirtualServerBinder.TunnelOptions(n, c),
                },
                "inhibit_on_failure" => rs with { InhibitOnFailure = c.Flag(n) },
                "notify_up" => rs with { NotifyUp = c.First(rs.NotifyUp, n, c.Script) },
                "notify_down" => rs with { NotifyDown = c.First(rs.NotifyDown, n, c.Script) },
                "uthreshold" => rs with { UpperThreshold = c.Int(n) },
                "lthreshold" => rs with { LowerThreshold = c.Int(n) },
                "alpha" => rs with { Alpha = c.Flag(n) },
                "retry" => rs with { Retry = c.Int(n) },
                "delay_before_retry" => rs with { DelayBeforeRetry = c.Timer(n) },
                "connect_timeout" => rs with { ConnectTimeout = c.Timer(n) },
                "warmup" => rs with { Warmup = c.Timer(n) },
                "delay_loop" => rs with { DelayLoop = c.Timer(n) },
                "virtualhost" => rs with { Virtualhost = c.Word(n) },
                _ when CheckerBinder.TypeOf(n.Keyword) is { } type => AddChecker(rs, type, n, c, checkers, map),
                _ => map.Carry(rs, c, n, "real_server"),
            };
        }

        return rs with { Checkers = checkers, Sources = map.Sources, Carried = map.Carried };
    }

    private static RealServer AddChecker(RealServer rs, CheckerType type, ConfigNode n, BindContext c,
        List<HealthChecker> into, SourceMap map)
    {
        map.Sources.Remove(n.Keyword);
        into.Add(CheckerBinder.Bind(type, n, c));
        return rs;
    }

}
