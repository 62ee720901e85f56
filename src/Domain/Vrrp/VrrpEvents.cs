using System.Net;
using System.Text.Json.Serialization;

namespace EsHa.Domain.Vrrp;

/// <summary>What an instance decided, in the past tense. State is the fold of these (<see cref="VrrpDecider.Evolve"/>)
/// and the runtime's effects (adverts, VIPs, GARPs, notify scripts) are derived from them, so a journal of events
/// replays to the same state and tells why each effect happened. Each has a stored name ("vrrp.became-master.v1")
/// that never changes meaning: a changed shape gets a new version, and VrrpEventCatalogue lists them all.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InstanceStarted), "vrrp.instance-started.v1")]
[JsonDerivedType(typeof(BecameBackup), "vrrp.became-backup.v1")]
[JsonDerivedType(typeof(BecameMaster), "vrrp.became-master.v1")]
[JsonDerivedType(typeof(EnteredFault), "vrrp.entered-fault.v1")]
[JsonDerivedType(typeof(InstanceStopped), "vrrp.instance-stopped.v1")]
[JsonDerivedType(typeof(MasterAdvertAccepted), "vrrp.master-advert-accepted.v1")]
[JsonDerivedType(typeof(LowerPriorityAdvertIgnored), "vrrp.lower-priority-advert-ignored.v1")]
[JsonDerivedType(typeof(MasterResigned), "vrrp.master-resigned.v1")]
[JsonDerivedType(typeof(PreemptDelayStarted), "vrrp.preempt-delay-started.v1")]
[JsonDerivedType(typeof(PreemptDelayStopped), "vrrp.preempt-delay-stopped.v1")]
[JsonDerivedType(typeof(MasterIntervalAdopted), "vrrp.master-interval-adopted.v1")]
[JsonDerivedType(typeof(AdvertSent), "vrrp.advert-sent.v1")]
[JsonDerivedType(typeof(AdvertRejected), "vrrp.advert-rejected.v1")]
[JsonDerivedType(typeof(TrackerUpdated), "vrrp.tracker-updated.v1")]
[JsonDerivedType(typeof(PriorityChanged), "vrrp.priority-changed.v1")]
[JsonDerivedType(typeof(GratuitousArpsSent), "vrrp.gratuitous-arps-sent.v1")]
[JsonDerivedType(typeof(LinkChanged), "vrrp.link-changed.v1")]
[JsonDerivedType(typeof(MasterWanted), "vrrp.master-wanted.v1")]
public abstract record VrrpEvent(Instant At);

public sealed record InstanceStarted(Instant At, InstanceSettings Settings) : VrrpEvent(At);

public sealed record BecameBackup(Instant At, VrrpRole From, BackupReason Reason, IPAddress? Master, int MasterPriority) : VrrpEvent(At);

public sealed record BecameMaster(Instant At, VrrpRole From, MasterReason Reason) : VrrpEvent(At);

public sealed record EnteredFault(Instant At, VrrpRole From, FaultReason Reason) : VrrpEvent(At);

public sealed record InstanceStopped(Instant At, VrrpRole From) : VrrpEvent(At);

/// <summary>A backup took an advert from the master: the master-down timer restarts.</summary>
public sealed record MasterAdvertAccepted(Instant At, IPAddress Source, int Priority) : VrrpEvent(At);

/// <summary>A backup discarded a lower-priority advert because it will preempt (its own down timer runs on).</summary>
public sealed record LowerPriorityAdvertIgnored(Instant At, IPAddress Source, int Priority) : VrrpEvent(At);

/// <summary>The master resigned (priority 0): the backup waits only its skew time.</summary>
public sealed record MasterResigned(Instant At, IPAddress Source) : VrrpEvent(At);

public sealed record PreemptDelayStarted(Instant At, Instant Until) : VrrpEvent(At);

public sealed record PreemptDelayStopped(Instant At) : VrrpEvent(At);

/// <summary>VRRPv3: a backup takes the master's advertisement interval as its Master_Adver_Interval.</summary>
public sealed record MasterIntervalAdopted(Instant At, TimeSpan Interval) : VrrpEvent(At);

public sealed record AdvertSent(Instant At, int Priority, AdvertReason Reason) : VrrpEvent(At);

public sealed record AdvertRejected(Instant At, IPAddress Source, AdvertRejectReason Reason, string Detail) : VrrpEvent(At);

/// <summary>The instance's interface went down or came up (recorded whatever the role, so a FAULT held by a tracker
/// remembers that the link is down too).</summary>
public sealed record LinkChanged(Instant At, bool Up) : VrrpEvent(At);

/// <summary>A sync-group member is ready to be master but waits for the rest of its group.</summary>
public sealed record MasterWanted(Instant At, string Group) : VrrpEvent(At);

/// <summary>A tracker's new status, as the instance took it.</summary>
public sealed record TrackerUpdated(Instant At, TrackerKind Kind, string Name, int Value) : VrrpEvent(At);

/// <summary>The trackers moved the effective priority.</summary>
public sealed record PriorityChanged(Instant At, int From, int To) : VrrpEvent(At);

/// <summary>A master's later gratuitous ARP / unsolicited NA burst (the first goes with becoming master).</summary>
public sealed record GratuitousArpsSent(Instant At, int Repeat, GarpReason Reason) : VrrpEvent(At);

public enum GarpReason
{
    /// <summary>garp_master_delay after becoming master.</summary>
    Delayed,
    /// <summary>garp_master_refresh.</summary>
    Refresh,
}

public enum BackupReason
{
    Startup,
    HigherPriorityMaster,
    EqualPriorityHigherAddress,
    LinkUp,
    TrackersUp,
    SyncGroup,
}

public enum MasterReason
{
    AddressOwner,
    MasterDownTimerExpired,
    SyncGroup,
}

public enum FaultReason
{
    InterfaceDown,
    TrackerDown,
    SyncGroup,
    NoUnicastPeer,
}

public enum AdvertReason
{
    /// <summary>The first advert of a new master.</summary>
    BecomingMaster,
    Periodic,
    /// <summary>keepalived's master answers a lower-priority advert at once ("forcing new election").</summary>
    AnswerLowerPriority,
    /// <summary>A master answers a priority 0 advert at once.</summary>
    AnswerResignation,
    /// <summary>higher_prio_send_advert: tell the higher master we are here before yielding.</summary>
    AnswerHigherPriority,
    /// <summary>Priority 0 on leaving MASTER for FAULT or stop.</summary>
    Resigning,
}
