namespace EsHa.Domain.Config.Model;

/// <summary>One checker block of a real server. The common options apply to every type; the rest only to the
/// types named in their comments. Unset values inherit real_server → virtual_server → keepalived's defaults.</summary>
public sealed record HealthChecker : ConfigItem
{
    public required CheckerType Type { get; init; }

    public int? Retry { get; init; }

    public TimeSpan? DelayBeforeRetry { get; init; }

    public TimeSpan? ConnectTimeout { get; init; }

    public TimeSpan? Warmup { get; init; }

    public TimeSpan? DelayLoop { get; init; }

    public bool? Alpha { get; init; }

    public string? ConnectIp { get; init; }

    public int? ConnectPort { get; init; }

    public string? BindTo { get; init; }

    public int? BindPort { get; init; }

    public string? BindInterface { get; init; }

    public uint? Fwmark { get; init; }

    /// <summary>HTTP_GET / SSL_GET.</summary>
    public IReadOnlyList<HttpUrl> Urls { get; init; } = [];

    /// <summary>HTTP_GET / SSL_GET: the Host header for every url without its own.</summary>
    public string? Virtualhost { get; init; }

    /// <summary>MISC_CHECK.</summary>
    public ScriptCommand? MiscPath { get; init; }

    public TimeSpan? MiscTimeout { get; init; }

    public bool MiscDynamic { get; init; }

    public string? User { get; init; }

    /// <summary>DNS_CHECK: query type (default SOA) and name (default ".").</summary>
    public string? DnsType { get; init; }

    public string? DnsName { get; init; }

    /// <summary>SMTP_CHECK.</summary>
    public string? HeloName { get; init; }

    /// <summary>UDP_CHECK.</summary>
    public string? Payload { get; init; }

    public bool RequireReply { get; init; }

    /// <summary>UDP_CHECK: the reply data require_reply expects, as written (hex); null: any reply.</summary>
    public string? RequireReplyData { get; init; }

    /// <summary>FILE_CHECK: the track_file it follows, and its weight.</summary>
    public string? TrackFile { get; init; }

    public int? Weight { get; init; }

    /// <summary>BFD_CHECK: the bfd_instance name.</summary>
    public string? BfdName { get; init; }
}

public enum CheckerType
{
    HttpGet,
    SslGet,
    TcpCheck,
    MiscCheck,
    DnsCheck,
    SmtpCheck,
    UdpCheck,
    PingCheck,
    FileCheck,
    BfdCheck,
}

/// <summary>A url { } block: path, optional body digest, accepted status codes and Host header.</summary>
public sealed record HttpUrl : ConfigItem
{
    public string? Path { get; init; }

    public string? Digest { get; init; }

    /// <summary>Accepted status codes as inclusive ranges; empty: keepalived's default 200-299.</summary>
    public IReadOnlyList<StatusCodeRange> StatusCodes { get; init; } = [];

    public string? Virtualhost { get; init; }
}

public sealed record StatusCodeRange(int From, int To);
