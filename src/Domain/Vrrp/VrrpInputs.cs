using System.Net;
using System.Text.Json.Serialization;
using EsHa.Domain.Facts;

namespace EsHa.Domain.Vrrp;

/// <summary>Facts that arrive at an instance, each stamped with the node's instant. The runtime feeds them to
/// <see cref="VrrpDecider.Decide"/> one at a time; nothing else changes an instance. Inputs are journaled too (the
/// ones from outside always, timer firings when they decide something), under stored names like the events'.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StartRequested), "vrrp.input.start-requested.v1")]
[JsonDerivedType(typeof(AdvertReceived), "vrrp.input.advert-received.v1")]
[JsonDerivedType(typeof(PacketRejected), "vrrp.input.packet-rejected.v1")]
[JsonDerivedType(typeof(MasterDownTimerFired), "vrrp.input.master-down-timer-fired.v1")]
[JsonDerivedType(typeof(AdvertTimerFired), "vrrp.input.advert-timer-fired.v1")]
[JsonDerivedType(typeof(GarpTimerFired), "vrrp.input.garp-timer-fired.v1")]
[JsonDerivedType(typeof(InterfaceLinkChanged), "vrrp.input.interface-link-changed.v1")]
[JsonDerivedType(typeof(AddressChanged), "vrrp.input.address-changed.v1")]
[JsonDerivedType(typeof(TrackerChanged), "vrrp.input.tracker-changed.v1")]
[JsonDerivedType(typeof(OperatorCommanded), "vrrp.input.operator-commanded.v1")]
[JsonDerivedType(typeof(SettingsReloaded), "vrrp.input.settings-reloaded.v1")]
[JsonDerivedType(typeof(MasterDownHeld), "vrrp.input.master-down-held.v1")]
[JsonDerivedType(typeof(SyncGroupMoved), "vrrp.input.sync-group-moved.v1")]
[JsonDerivedType(typeof(StopRequested), "vrrp.input.stop-requested.v1")]
public abstract record VrrpInput(Instant At) : Fact(At)
{
    /// <summary>Timer firings come from the instance's own state; everything else comes from outside it.</summary>
    [JsonIgnore]
    public bool IsTimer => this is MasterDownTimerFired or AdvertTimerFired or GarpTimerFired or MasterDownHeld;
}

/// <summary>The configuration is loaded and the instance may run; <paramref name="InterfaceUp"/> is the link as the
/// node found it, <paramref name="VipsPresent"/> the instance's VIPs it found already on the interfaces.</summary>
public sealed record StartRequested(Instant At, bool InterfaceUp, IReadOnlyList<IPAddress>? VipsPresent = null) : VrrpInput(At);

/// <summary>A decoded advert for this VRID, with what the IP header said.</summary>
public sealed record AdvertReceived(Instant At, IPAddress Source, IPAddress Destination, int Ttl, VrrpAdvert Advert) : VrrpInput(At);

/// <summary>A packet for this VRID that the codec could not take.</summary>
public sealed record PacketRejected(Instant At, IPAddress Source, AdvertRejectReason Reason, string Detail) : VrrpInput(At);

/// <summary>The master-down deadline the state held has come (the runtime may fire late or for a deadline that has
/// since moved; Decide compares with the state).</summary>
public sealed record MasterDownTimerFired(Instant At) : VrrpInput(At);

/// <summary>The master's next periodic advert is due.</summary>
public sealed record AdvertTimerFired(Instant At) : VrrpInput(At);

/// <summary>A new master's delayed gratuitous ARP burst is due.</summary>
public sealed record GarpTimerFired(Instant At) : VrrpInput(At);

/// <summary>The instance's interface went down or came up.</summary>
public sealed record InterfaceLinkChanged(Instant At, bool Up) : VrrpInput(At);

/// <summary>An address appeared on or went from the instance's interface (netlink RTM_NEWADDR / RTM_DELADDR): one of
/// the instance's VIPs (drift if the role says otherwise), or the interface's own address VRRP sends from.</summary>
public sealed record AddressChanged(Instant At, IPAddress Address, bool Present) : VrrpInput(At);

/// <summary>An operator drained the instance (it leaves MASTER and holds FAULT, as a tracked file at 0 weight would)
/// or resumed it; <paramref name="By"/> names who asked.</summary>
public sealed record OperatorCommanded(Instant At, OperatorAction Action, string By) : VrrpInput(At);

public enum OperatorAction
{
    Drain,
    Resume,
}

/// <summary>A reload (SIGHUP) changed this instance's configuration; the instance keeps its role (keepalived keeps
/// the state of instances that survive a reload).</summary>
public sealed record SettingsReloaded(Instant At, InstanceSettings Settings) : VrrpInput(At);

/// <summary>A tracked script, interface or file reported: 1 up / 0 down for a script (after its rise/fall) or an
/// interface, the number read for a file.</summary>
public sealed record TrackerChanged(Instant At, TrackerKind Kind, string Name, int Value) : VrrpInput(At);

/// <summary>The master-down timer ran out, but the sync group cannot go master yet (another member does not want
/// to): the instance stays backup, ready, and waits another interval.</summary>
public sealed record MasterDownHeld(Instant At) : VrrpInput(At);

/// <summary>A sync group moves every member with the one that changed (keepalived's vrrp_sync_master/backup/fault):
/// <paramref name="Target"/> is the role to take, <paramref name="Member"/> the instance that moved first. Backup
/// as target from FAULT means the group's fault is over.</summary>
public sealed record SyncGroupMoved(Instant At, string Group, string Member, VrrpRole Target) : VrrpInput(At);

/// <summary>The node is stopping (SIGTERM, or the instance was removed by a reload).</summary>
public sealed record StopRequested(Instant At) : VrrpInput(At);
