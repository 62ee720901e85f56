using System.Net;

namespace EsHa.Domain.Vrrp;

/// <summary>Facts that arrive at an instance, each stamped with the node's instant. The runtime feeds them to
/// <see cref="VrrpDecider.Decide"/> one at a time; nothing else changes an instance.</summary>
public abstract record VrrpInput(Instant At);

/// <summary>The configuration is loaded and the instance may run; <paramref name="InterfaceUp"/> is the link as the
/// node found it.</summary>
public sealed record StartRequested(Instant At, bool InterfaceUp) : VrrpInput(At);

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
