namespace EsHa.Domain.Config.Model;

/// <summary>virtual_server IP PORT | fwmark N | group NAME, with keepalived's defaults.</summary>
public sealed record VirtualServer : ConfigItem
{
    public VirtualServerKey Key { get; init; } = new(VirtualServerKind.Address, null, null, null, null);

    public TimeSpan DelayLoop { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>lb_algo / lvs_sched; null: not given (keepalived then uses IPVS's default).</summary>
    public string? Scheduler { get; init; }

    public ForwardingMethod ForwardingMethod { get; init; } = ForwardingMethod.Nat;

    /// <summary>What followed the method on its line (TUN: type ipip|gue|gre, port N, nocsum|csum|remcsum).</summary>
    public IReadOnlyList<string> ForwardingOptions { get; init; } = [];

    public TimeSpan? PersistenceTimeout { get; init; }

    /// <summary>keepalived turns persistence on (360 s) when only persistence_granularity is given.</summary>
    public TimeSpan? EffectivePersistenceTimeout =>
        PersistenceTimeout ?? (PersistenceGranularity is null ? null : TimeSpan.FromSeconds(360));

    /// <summary>virtual_server's weight: the weight of each real server that does not give its own.</summary>
    public int? RealServerWeight { get; init; }

    /// <summary>The weight keepalived gives a real server of this service.</summary>
    public int WeightOf(RealServer rs) => rs.Weight ?? RealServerWeight ?? 1;

    public string? PersistenceGranularity { get; init; }

    /// <summary>TCP, UDP or SCTP as written; null when not given (see <see cref="EffectiveProtocol"/>).</summary>
    public string? Protocol { get; init; }

    /// <summary>keepalived 2.2.7 sets UDP on an address-named service without 'protocol' (the kernel's default for
    /// protocol 0); a fwmark service has no protocol.</summary>
    public string? EffectiveProtocol => Key.Kind == VirtualServerKind.Fwmark ? null : Protocol ?? "UDP";

    public Endpoint? SorryServer { get; init; }

    public bool SorryServerInhibit { get; init; }

    public ForwardingMethod? SorryServerForwardingMethod { get; init; }

    public int Quorum { get; init; } = 1;

    public int Hysteresis { get; init; }

    public ScriptCommand? QuorumUp { get; init; }

    public ScriptCommand? QuorumDown { get; init; }

    public bool Alpha { get; init; }

    public bool Omega { get; init; }

    public bool HaSuspend { get; init; }

    public string? Virtualhost { get; init; }

    public bool InhibitOnFailure { get; init; }

    public int? Retry { get; init; }

    public TimeSpan? DelayBeforeRetry { get; init; }

    public TimeSpan? ConnectTimeout { get; init; }

    public TimeSpan? Warmup { get; init; }

    public IReadOnlyList<RealServer> RealServers { get; init; } = [];

    public string Describe() => Key.ToString();
}

public enum VirtualServerKind
{
    Address,
    Fwmark,
    Group,
}

/// <summary>How a virtual server is named: ip+port (+ protocol), a firewall mark, or a virtual_server_group.</summary>
public sealed record VirtualServerKey(VirtualServerKind Kind, string? Address, int? Port, uint? Fwmark, string? Group)
{
    public override string ToString() => Kind switch
    {
        VirtualServerKind.Fwmark => $"fwmark {Fwmark}",
        VirtualServerKind.Group => $"group {Group}",
        _ => Port is { } port ? $"{Endpoint.Format(Address!, port)}" : Address!,
    };
}

/// <summary>An address and optional port, as a real or sorry server names them.</summary>
public sealed record Endpoint(string Address, int? Port, Diagnostics.SourceLocation At)
{
    public override string ToString() => Port is { } p ? Format(Address, p) : Address;

    public static string Format(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}

/// <summary>lb_kind / lvs_method.</summary>
public enum ForwardingMethod
{
    Nat,
    DirectRouting,
    Tunnel,
}
