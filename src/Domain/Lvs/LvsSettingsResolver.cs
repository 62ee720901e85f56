using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Lvs;

/// <summary>keepalived 2.2.7's resolution of checker settings (docs/keepalived-checkers.md §1, §3): each value is the
/// checker's, else the real server's, else the virtual server's, else the type's default; quorum is capped at the
/// total weight and hysteresis below quorum.</summary>
public static class LvsSettingsResolver
{
    public static IReadOnlyList<VirtualServerSettings> Resolve(KeepalivedConfig config) =>
        config.VirtualServers.Select(Resolve).ToList();

    public static VirtualServerSettings Resolve(VirtualServer vs)
    {
        var name = vs.Describe();
        var realServers = vs.RealServers.Select(rs => new RealServerSettings(
            name, rs.ToString(), vs.WeightOf(rs), rs.InhibitOnFailure ?? vs.InhibitOnFailure,
            CheckersOf(rs).Select((c, i) => Checker(vs, rs, c, i)).ToList(),
            rs.NotifyUp?.CommandLine, rs.NotifyDown?.CommandLine)).ToList();
        var total = realServers.Sum(r => r.Weight);
        var quorum = Math.Max(1, Math.Min(vs.Quorum, Math.Max(total, 1)));
        var hysteresis = Math.Clamp(vs.Hysteresis, 0, quorum - 1);
        return new VirtualServerSettings(name, quorum, hysteresis, vs.QuorumUp?.CommandLine, vs.QuorumDown?.CommandLine,
            vs.SorryServer is not null, vs.Omega, realServers);
    }

    /// <summary>The checkers EsHa runs for a real server, in order (a checker's index is its place here): all but
    /// BFD_CHECK, which follows a bfd_instance EsHa does not run.</summary>
    public static IReadOnlyList<HealthChecker> CheckersOf(RealServer rs) => [.. rs.Checkers.Where(c => c.Type != CheckerType.BfdCheck)];

    private static CheckerSettings Checker(VirtualServer vs, RealServer rs, HealthChecker c, int index)
    {
        var delayLoop = c.DelayLoop ?? rs.DelayLoop ?? vs.DelayLoop;
        var retry = c.Retry ?? rs.Retry ?? vs.Retry ?? c.Type switch
        {
            CheckerType.DnsCheck => 3,
            CheckerType.MiscCheck => 0,
            _ => 1,
        };
        var delayBeforeRetry = c.DelayBeforeRetry ?? rs.DelayBeforeRetry ?? vs.DelayBeforeRetry ?? c.Type switch
        {
            CheckerType.HttpGet or CheckerType.SslGet => TimeSpan.FromSeconds(3),
            CheckerType.DnsCheck => delayLoop,
            _ => TimeSpan.FromSeconds(1),
        };
        return new CheckerSettings(index, c.Type, delayLoop,
            c.ConnectTimeout ?? rs.ConnectTimeout ?? vs.ConnectTimeout ?? TimeSpan.FromSeconds(5),
            retry, delayBeforeRetry, c.Warmup ?? rs.Warmup ?? vs.Warmup ?? delayLoop,
            c.Alpha ?? rs.Alpha ?? vs.Alpha, Math.Max(1, c.Urls.Count), c.MiscDynamic);
    }
}
