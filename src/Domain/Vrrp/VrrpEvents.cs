using System.Net;
using System.Text.Json.Serialization;
using EsHa.Domain.Facts;

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
[JsonDerivedType(typeof(VipDriftFound), "vrrp.vip-drift-found.v1")]
[JsonDerivedType(typeof(LeftoverVipsFound), "vrrp.leftover-vips-found.v1")]
[JsonDerivedType(typeof(SourceAddressChanged), "vrrp.source-address-changed.v1")]
[JsonDerivedType(typeof(OperatorCommandTaken), "vrrp.operator-command-taken.v1")]
[JsonDerivedType(typeof(SettingsChanged), "vrrp.settings-changed.v1")]
[JsonDerivedType(typeof(SyncGroupFaultHeld), "vrrp.sync-group-fault-held.v1")]
public abstract record VrrpEvent(Instant At) : Fact(At);

/// <summary>The instance began to run with these settings (as resolved from keepalived.conf; the journal keeps
/// them so that a replay needs no config file).</summary>
public sealed record InstanceStarted(Instant At, InstanceSettings Settings) : VrrpEvent(At);

/// <summary>The instance is BACKUP now: from <paramref name="From"/>, for <paramref name="Reason"/>; the master it
/// yielded to, when it yielded to one, with that master's priority.</summary>
public sealed record BecameBackup(Instant At, VrrpRole From, BackupReason Reason, IPAddress? Master, int MasterPriority) : VrrpEvent(At);

/// <summary>The instance is MASTER now: it adds its VIPs, sends gratuitous ARPs and its first advert.</summary>
public sealed record BecameMaster(Instant At, VrrpRole From, MasterReason Reason) : VrrpEvent(At);

/// <summary>The instance is in FAULT now (keepalived's FAULT: it neither sends nor answers); a master left its
/// VIPs.</summary>
public sealed record EnteredFault(Instant At, VrrpRole From, FaultReason Reason) : VrrpEvent(At);

/// <summary>The instance stopped (shutdown, or removed by a reload); a master sent priority 0 first.</summary>
public sealed record InstanceStopped(Instant At, VrrpRole From) : VrrpEvent(At);

/// <summary>A backup took an advert from the master: the master-down timer restarts.</summary>
public sealed record MasterAdvertAccepted(Instant At, IPAddress Source, int Priority) : VrrpEvent(At);

/// <summary>A backup discarded a lower-priority advert because it will preempt (its own down timer runs on).</summary>
public sealed record LowerPriorityAdvertIgnored(Instant At, IPAddress Source, int Priority) : VrrpEvent(At);

/// <summary>The master resigned (priority 0): the backup waits only its skew time.</summary>
public sealed record MasterResigned(Instant At, IPAddress Source) : VrrpEvent(At);

/// <summary>A backup saw its first lower-priority advert and will preempt only after <paramref name="Until"/>
/// (preempt_delay).</summary>
public sealed record PreemptDelayStarted(Instant At, Instant Until) : VrrpEvent(At);

/// <summary>The preempt delay no longer applies (the master's priority is no longer lower).</summary>
public sealed record PreemptDelayStopped(Instant At) : VrrpEvent(At);

/// <summary>VRRPv3: a backup takes the master's advertisement interval as its Master_Adver_Interval.</summary>
public sealed record MasterIntervalAdopted(Instant At, TimeSpan Interval) : VrrpEvent(At);

/// <summary>The instance sent an advert with this priority (0 to resign), for <paramref name="Reason"/>.</summary>
public sealed record AdvertSent(Instant At, int Priority, AdvertReason Reason) : VrrpEvent(At);

/// <summary>An advert or packet for this VRID was not taken, with the reason keepalived would log.</summary>
public sealed record AdvertRejected(Instant At, IPAddress Source, AdvertRejectReason Reason, string Detail) : VrrpEvent(At);

/// <summary>The instance's interface went down or came up (recorded whatever the role, so a FAULT held by a tracker
/// remembers that the link is down too).</summary>
public sealed record LinkChanged(Instant At, bool Up) : VrrpEvent(At);

/// <summary>A sync-group member is ready to be master but waits for the rest of its group.</summary>
public sealed record MasterWanted(Instant At, string Group) : VrrpEvent(At);

/// <summary>A VIP is where the role says it must not be: gone from a master, or present on a host that is not master
/// for it (added or removed by hand). The effect puts it right.</summary>
public sealed record VipDriftFound(Instant At, IPAddress Address, bool Present) : VrrpEvent(At);

/// <summary>The instance's VIPs were already on the interfaces when it started: left by an earlier run that did not
/// stop cleanly (a crash, kill -9, keepalived -V). They are removed before the instance runs, as keepalived does at
/// start-up, so that a backup never answers for an address its master holds.</summary>
public sealed record LeftoverVipsFound(Instant At, IReadOnlyList<IPAddress> Addresses) : VrrpEvent(At);

/// <summary>The interface's address VRRP sends from went (null: none left, keepalived's FAULT "no source address") or
/// a new one took its place.</summary>
public sealed record SourceAddressChanged(Instant At, IPAddress? Address) : VrrpEvent(At);

/// <summary>An operator's drain or resume took effect (<paramref name="By"/> names who).</summary>
public sealed record OperatorCommandTaken(Instant At, OperatorAction Action, string By) : VrrpEvent(At);

/// <summary>A reload changed the instance's settings; a master adds and removes the VIPs that changed.</summary>
public sealed record SettingsChanged(Instant At, InstanceSettings Settings, IReadOnlyList<IPAddress> VipsAdded, IReadOnlyList<IPAddress> VipsRemoved) : VrrpEvent(At);

/// <summary>A member in FAULT of its own is now held there by its sync group as well.</summary>
public sealed record SyncGroupFaultHeld(Instant At, string Group) : VrrpEvent(At);

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
    SourceAddressBack,
    OperatorResumed,
    Reloaded,
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
    NoSourceAddress,
    OperatorDrained,
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
