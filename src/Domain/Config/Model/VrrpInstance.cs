namespace EsHa.Domain.Config.Model;

/// <summary>vrrp_instance as written. What keepalived runs with (priority derived from state and back, nopreempt
/// cleared at priority 255, the interval rounded...) is <see cref="Resolve"/>; the validator reports each such
/// resolution at its line.</summary>
public sealed record VrrpInstance : ConfigItem
{
    public required string Name { get; init; }

    /// <summary>null: not written (keepalived derives it from the priority).</summary>
    public InitialState? State { get; init; }

    public string? Interface { get; init; }

    public int? VirtualRouterId { get; init; }

    /// <summary>null: not written (keepalived derives it from the state: 255 for MASTER, else 100).</summary>
    public int? Priority { get; init; }

    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>null: global_defs' vrrp_version.</summary>
    public int? Version { get; init; }

    public bool NoPreempt { get; init; }

    public TimeSpan? PreemptDelay { get; init; }

    public Authentication? Authentication { get; init; }

    public IReadOnlyList<VirtualIpAddress> VirtualIpAddresses { get; init; } = [];

    public IReadOnlyList<VirtualIpAddress> ExcludedVirtualIpAddresses { get; init; } = [];

    public IReadOnlyList<CarriedSetting> VirtualRoutes { get; init; } = [];

    public IReadOnlyList<CarriedSetting> VirtualRules { get; init; } = [];

    public string? UnicastSrcIp { get; init; }

    public IReadOnlyList<UnicastPeer> UnicastPeers { get; init; } = [];

    public string? McastSrcIp { get; init; }

    public IReadOnlyList<TrackedObject> TrackInterfaces { get; init; } = [];

    public IReadOnlyList<TrackedObject> TrackScripts { get; init; } = [];

    public IReadOnlyList<TrackedObject> TrackFiles { get; init; } = [];

    public ScriptCommand? Notify { get; init; }

    public ScriptCommand? NotifyMaster { get; init; }

    public ScriptCommand? NotifyBackup { get; init; }

    public ScriptCommand? NotifyFault { get; init; }

    public ScriptCommand? NotifyStop { get; init; }

    public ScriptCommand? NotifyMasterRxLowerPri { get; init; }

    public TimeSpan? GarpMasterDelay { get; init; }

    public int? GarpMasterRepeat { get; init; }

    public TimeSpan? GarpMasterRefresh { get; init; }

    public int? GarpMasterRefreshRepeat { get; init; }

    /// <summary>accept / no_accept; null: keepalived's default (accept unless vrrp_strict).</summary>
    public bool? Accept { get; init; }

    /// <summary>use_vmac: null when off; the VMAC interface name, or "" for keepalived's default name.</summary>
    public string? UseVmac { get; init; }

    public bool DontTrackPrimary { get; init; }

    public bool? LowerPrioNoAdvert { get; init; }

    public bool? HigherPrioSendAdvert { get; init; }

    public int DownTimerAdverts { get; init; } = 3;

    public bool SmtpAlert { get; init; }

    /// <summary>unicast_fault_no_peer: a unicast instance whose peer list is empty is in FAULT.</summary>
    public bool UnicastFaultNoPeer { get; init; }

    /// <summary>strict_mode: RFC-strict behaviour for this instance (also set by global vrrp_strict).</summary>
    public bool StrictMode { get; init; }

    /// <summary>The address family, from the first VIP as keepalived takes it.</summary>
    public bool IsIpv6 => VirtualIpAddresses.Count > 0 && VirtualIpAddresses[0].IsIpv6;

    /// <summary>What keepalived 2.2.7 runs this instance with (vrrp_complete_instance).</summary>
    public ResolvedVrrpSettings Resolve(GlobalDefs global) => ResolvedVrrpSettings.Of(this, global);

    public static readonly TimeSpan AdvertIntervalMin = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan AdvertIntervalMax = TimeSpan.FromSeconds(255);
    public static readonly TimeSpan AdvertIntervalV3Max = TimeSpan.FromMilliseconds(40950);

    public static bool IsAdvertIntervalReadable(TimeSpan interval) =>
        interval >= AdvertIntervalMin && interval <= AdvertIntervalMax;
}

public enum InitialState
{
    Backup,
    Master,
}

/// <summary>authentication { auth_type PASS|AH  auth_pass ... }. keepalived uses only the first 8 characters.</summary>
public sealed record Authentication(AuthenticationType Type, string? Password, Diagnostics.SourceLocation At)
{
    /// <summary>The auth_pass line, when there is one.</summary>
    public Diagnostics.SourceLocation? PasswordAt { get; init; }

    public const int PasswordLengthMax = 8;

    public string? EffectivePassword =>
        Password is { Length: > PasswordLengthMax } p ? p[..PasswordLengthMax] : Password;
}

public enum AuthenticationType
{
    None,
    Pass,
    Ah,
}

/// <summary>A unicast_peer line: the peer's address and optional TTL bounds.</summary>
public sealed record UnicastPeer(string Address, int? MinTtl, int? MaxTtl, Diagnostics.SourceLocation At);
