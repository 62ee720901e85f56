using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Lvs;

/// <summary>One checker as keepalived runs it: every timing resolved (checker ← real_server ← virtual_server ←
/// keepalived's default for the type; see <see cref="LvsSettingsResolver"/>). <paramref name="Index"/> is its place
/// among the real server's checkers; <paramref name="Urls"/> is how many url blocks an HTTP/SSL checker walks.</summary>
public sealed record CheckerSettings(int Index, CheckerType Type, TimeSpan DelayLoop, TimeSpan ConnectTimeout, int Retry,
    TimeSpan DelayBeforeRetry, TimeSpan Warmup, bool Alpha, int Urls, bool Dynamic)
{
    /// <summary>As keepalived's keyword names it, numbered when a real server has more than one: "HTTP_GET", "TCP_CHECK#2".</summary>
    public string Name => $"{KeywordOf(Type)}{(Index > 0 ? $"#{Index + 1}" : "")}";

    public bool IsHttp => Type is CheckerType.HttpGet or CheckerType.SslGet;

    public static string KeywordOf(CheckerType type) => type switch
    {
        CheckerType.HttpGet => "HTTP_GET",
        CheckerType.SslGet => "SSL_GET",
        CheckerType.TcpCheck => "TCP_CHECK",
        CheckerType.MiscCheck => "MISC_CHECK",
        CheckerType.DnsCheck => "DNS_CHECK",
        CheckerType.SmtpCheck => "SMTP_CHECK",
        CheckerType.UdpCheck => "UDP_CHECK",
        CheckerType.PingCheck => "PING_CHECK",
        CheckerType.FileCheck => "FILE_CHECK",
        _ => "BFD_CHECK",
    };
}

/// <summary>A real server of one virtual server: <paramref name="Id"/> is its "ip:port"; <paramref name="Weight"/>
/// the configured weight; <paramref name="Inhibit"/> inhibit_on_failure (weight 0 instead of removal).</summary>
public sealed record RealServerSettings(string VirtualServer, string Id, int Weight, bool Inhibit, IReadOnlyList<CheckerSettings> Checkers,
    string? NotifyUp, string? NotifyDown)
{
    /// <summary>The journal stream of this real server: "VS/RS".</summary>
    public string Stream => $"{VirtualServer}/{Id}";
}

/// <summary>A virtual server's own decisions: quorum (summed weight of live real servers) with hysteresis, its
/// notify scripts, whether a sorry server stands in, and omega (notify at shutdown).</summary>
public sealed record VirtualServerSettings(string Name, int Quorum, int Hysteresis, string? QuorumUp, string? QuorumDown,
    bool HasSorryServer, bool Omega, IReadOnlyList<RealServerSettings> RealServers);
