using System.Collections.Immutable;
using System.Net;

namespace EsHa.Domain.Vrrp;

/// <summary>
/// One instance's state: the fold of its events. Timers are deadlines held here; the runtime waits for
/// <see cref="NextDeadline"/> and feeds back the matching timer input.
/// </summary>
public sealed record VrrpState(InstanceSettings Settings)
{
    public VrrpRole Role { get; init; } = VrrpRole.Init;

    /// <summary>The base priority moved by the trackers (<see cref="Tracking.EffectivePriority"/>).</summary>
    public int EffectivePriority { get; init; } = Tracking.EffectivePriority(Settings, ImmutableDictionary<string, int>.Empty);

    /// <summary>The last status of each tracker that has reported (key: <see cref="Tracking.Key"/>).</summary>
    public ImmutableDictionary<string, int> TrackerStatus { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Whether the trackers alone would put the instance in FAULT.</summary>
    public bool TrackersFaulted => Tracking.Faulted(Settings, TrackerStatus);

    /// <summary>RFC 5798's Master_Adver_Interval: our own interval, or in VRRPv3 the master's as a backup learns it.</summary>
    public TimeSpan MasterAdvertInterval { get; init; } = Settings.AdvertInterval;

    public Instant? MasterDownAt { get; init; }

    public Instant? AdvertDueAt { get; init; }

    /// <summary>A new master's second gratuitous ARP burst (garp_master_delay after the first).</summary>
    public Instant? GarpDueAt { get; init; }

    /// <summary>The next garp_master_refresh, sent with the first advert due after it.</summary>
    public Instant? GarpRefreshAt { get; init; }

    /// <summary>Set while a preempt_delay runs (from the first lower-priority advert a backup saw).</summary>
    public Instant? PreemptDelayUntil { get; init; }

    public IPAddress? Master { get; init; }

    public int MasterPriority { get; init; }

    public bool InterfaceUp { get; init; } = true;

    /// <summary>A sync-group member whose master-down timer ran out while the group could not go master yet
    /// (keepalived's wantstate MASTER): it is ready when the others are.</summary>
    public bool WantsMaster { get; init; }

    /// <summary>Put in FAULT by its sync group (it leaves when the group does, not by itself).</summary>
    public bool FaultedBySyncGroup { get; init; }

    /// <summary>The interface has an address to send adverts from (keepalived goes FAULT without one).</summary>
    public bool SourceAddressPresent { get; init; } = true;

    /// <summary>An operator drained the instance: it holds FAULT until resumed.</summary>
    public bool Drained { get; init; }

    /// <summary>Something of the instance's own holds it in FAULT: its link, a tracker, no unicast peer, no source
    /// address, or an operator's drain.</summary>
    public bool OwnFaultCause => !InterfaceUp || TrackersFaulted || Settings.FaultNoPeer || !SourceAddressPresent || Drained;

    /// <summary>In FAULT for a reason of its own (not only because its sync group is).</summary>
    public bool HasOwnFault => Role == VrrpRole.Fault && OwnFaultCause;

    /// <summary>A FAULT with nothing holding it any more: the instance may go back to BACKUP.</summary>
    public bool MayLeaveFault => Role == VrrpRole.Fault && !OwnFaultCause && !FaultedBySyncGroup;

    /// <summary>Skew_Time, in keepalived's integer arithmetic (µs): v2 (256 − priority) / 256 s; v3
    /// (256 − priority) × Master_Adver_Interval / 256.</summary>
    public TimeSpan SkewTime => Skew(256 - EffectivePriority);

    /// <summary>Master_Down_Interval = down_timer_adverts × Master_Adver_Interval + Skew_Time.</summary>
    public TimeSpan MasterDownInterval => (Settings.DownTimerAdverts * MasterAdvertInterval) + SkewTime;

    /// <summary>A backup that wants MASTER (state MASTER, not the address owner) waits one interval and the least
    /// skew to see whether a master is already there (keepalived's vrrp_init_state).</summary>
    public TimeSpan FirstWaitAsWouldBeMaster => MasterAdvertInterval + Skew(1);

    public Instant? NextDeadline => Earliest(Earliest(MasterDownAt, AdvertDueAt), GarpDueAt);

    /// <summary>The timer input for the earliest deadline due by <paramref name="now"/>, or null.</summary>
    public VrrpInput? DueTimer(Instant now) => NextDeadline is { } due && due <= now
        ? due == MasterDownAt ? new MasterDownTimerFired(due) : due == AdvertDueAt ? new AdvertTimerFired(due) : new GarpTimerFired(due)
        : null;

    private static Instant? Earliest(Instant? a, Instant? b) => (a, b) switch
    {
        ({ } x, { } y) => x < y ? x : y,
        _ => a ?? b,
    };

    private TimeSpan Skew(int weight)
    {
        long microseconds = Settings.Version == 3
            ? weight * (MasterAdvertInterval.Ticks / TimeSpan.TicksPerMillisecond / 10) * 625 / 16
            : weight * 1_000_000L / 256;
        return TimeSpan.FromTicks(microseconds * 10);
    }
}
