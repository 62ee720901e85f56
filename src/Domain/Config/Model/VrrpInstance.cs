namespace EsHa.Domain.Config.Model;

/// <summary>vrrp_instance, with keepalived's defaults. Values are as written; where keepalived resolves a
/// conflict (nopreempt with state MASTER, ...) the validator says so and the Effective* members apply it.</summary>
public sealed record VrrpInstance : ConfigItem
{
    public required string Name { get; init; }

    public InitialState State { get; init; } = InitialState.Backup;

    public string? Interface { get; init; }

    public int? VirtualRouterId { get; init; }

    public int Priority { get; init; } = 100;

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

    public static readonly TimeSpan AdvertIntervalMin = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan AdvertIntervalMax = TimeSpan.FromSeconds(255);
    public static readonly TimeSpan AdvertIntervalV3Max = TimeSpan.FromMilliseconds(40950);
    public const int PriorityDefault = 100;

    public static bool IsAdvertIntervalReadable(TimeSpan interval) =>
        interval >= AdvertIntervalMin && interval <= AdvertIntervalMax;

    /// <summary>keepalived ignores a priority outside 1-255 and uses 100.</summary>
    public int EffectivePriority => Priority is >= 1 and <= 255 ? Priority : PriorityDefault;

    /// <summary>The interval keepalived runs with: an unreadable value is ignored (1 s); VRRPv2 rounds to whole
    /// seconds (at least 1); VRRPv3 caps at 40.95 s and has centisecond resolution.</summary>
    public TimeSpan EffectiveAdvertInterval(int globalVersion)
    {
        if (!IsAdvertIntervalReadable(AdvertInterval))
        {
            return TimeSpan.FromSeconds(1);
        }

        if ((Version ?? globalVersion) == 2)
        {
            var seconds = Math.Max(1, (long)Math.Round(AdvertInterval.TotalSeconds, MidpointRounding.AwayFromZero));
            return TimeSpan.FromSeconds(seconds);
        }

        var centiseconds = Math.Min(AdvertInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10), 4095);
        return TimeSpan.FromMilliseconds(centiseconds * 10);
    }

    /// <summary>keepalived clears nopreempt when the initial state is MASTER.</summary>
    public bool EffectiveNoPreempt => NoPreempt && State != InitialState.Master;

    /// <summary>keepalived clears preempt_delay when the initial state is MASTER.</summary>
    public TimeSpan EffectivePreemptDelay =>
        State == InitialState.Master || NoPreempt ? TimeSpan.Zero : PreemptDelay ?? TimeSpan.Zero;
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
