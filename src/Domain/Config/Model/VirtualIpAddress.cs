namespace EsHa.Domain.Config.Model;

/// <summary>One line of virtual_ipaddress: ADDR[/PREFIX] [brd X] [dev IF] [scope S] [label L] [peer P] [no_track] ...</summary>
public sealed record VirtualIpAddress
{
    public required string Address { get; init; }

    /// <summary>null: keepalived's default (/32 for IPv4, /128 for IPv6).</summary>
    public int? PrefixLength { get; init; }

    public string? Broadcast { get; init; }

    public string? Device { get; init; }

    public string? Scope { get; init; }

    public string? Label { get; init; }

    public string? Peer { get; init; }

    public bool NoTrack { get; init; }

    /// <summary>Other options keepalived accepts (home, -nodad, noprefixroute, preferred_lft ...), as written.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public Diagnostics.SourceLocation At { get; init; }

    public bool IsIpv6 => Address.Contains(':', StringComparison.Ordinal);
}
