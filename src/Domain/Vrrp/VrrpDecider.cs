namespace EsHa.Domain.Vrrp;

/// <summary>
/// One VRRP instance as keepalived 2.2.7 runs it (vrrp_scheduler.c, vrrp.c), without IO: <see cref="Decide"/> turns
/// an input into events, <see cref="Evolve"/> folds an event into the state. Role logic is split by role
/// (<c>DecideAsBackup</c>, <c>DecideAsMaster</c>); acceptance checks on adverts are in VrrpDecider.Checks.cs.
/// </summary>
public static partial class VrrpDecider
{
    public static VrrpState Initial(InstanceSettings settings) => new(settings);

    public static IReadOnlyList<VrrpEvent> Decide(VrrpState state, VrrpInput input) => input switch
    {
        StartRequested start => OnStartRequested(state, start),
        AdvertReceived advert => OnAdvertReceived(state, advert),
        PacketRejected rejected => state.Role is VrrpRole.Init ? [] : [new AdvertRejected(rejected.At, rejected.Source, rejected.Reason, rejected.Detail)],
        MasterDownTimerFired fired => OnMasterDownTimerFired(state, fired),
        AdvertTimerFired fired => OnAdvertTimerFired(state, fired),
        GarpTimerFired fired => state.Role == VrrpRole.Master && state.GarpDueAt is { } garp && fired.At >= garp
            ? [new GratuitousArpsSent(fired.At, state.Settings.Garp.Repeat, GarpReason.Delayed)]
            : [],
        InterfaceLinkChanged link => OnInterfaceLinkChanged(state, link),
        AddressChanged address => OnAddressChanged(state, address),
        TrackerChanged tracker => OnTrackerChanged(state, tracker),
        OperatorCommanded command => OnOperatorCommanded(state, command),
        SettingsReloaded reloaded => OnSettingsReloaded(state, reloaded),
        MasterDownHeld held => state.Role == VrrpRole.Backup && state.MasterDownAt is { } down && held.At >= down && state.Settings.SyncGroup is { } group
            ? [new MasterWanted(held.At, group)]
            : [],
        SyncGroupMoved moved => OnSyncGroupMoved(state, moved),
        StopRequested stop => OnStopRequested(state, stop),
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "an input VrrpDecider does not know"),
    };

    private static IReadOnlyList<VrrpEvent> OnStartRequested(VrrpState state, StartRequested start)
    {
        if (state.Role != VrrpRole.Init)
        {
            return [];
        }

        return [new InstanceStarted(start.At, state.Settings), .. LeftoverVips(start), .. AfterStart(state, start)];
    }

    /// <summary>VIPs found on the interfaces at start belong to nobody yet: they go first (keepalived's
    /// vrrp_restore_interfaces_startup removes every configured VIP before the instances run).</summary>
    private static IEnumerable<VrrpEvent> LeftoverVips(StartRequested start) =>
        start.VipsPresent is { Count: > 0 } present ? [new LeftoverVipsFound(start.At, present)] : [];

    private static IReadOnlyList<VrrpEvent> AfterStart(VrrpState state, StartRequested start)
    {
        if (!start.InterfaceUp)
        {
            return [new LinkChanged(start.At, false), new EnteredFault(start.At, VrrpRole.Init, FaultReason.InterfaceDown)];
        }

        if (state.OwnFaultCause)
        {
            var reason = state.Settings.FaultNoPeer ? FaultReason.NoUnicastPeer
                : state.TrackersFaulted ? FaultReason.TrackerDown
                : state.Drained ? FaultReason.OperatorDrained
                : FaultReason.NoSourceAddress;
            return [new EnteredFault(start.At, VrrpRole.Init, reason)];
        }

        // The address owner that wants MASTER takes over at once (keepalived: a 1 µs master-down timer).
        return state.Settings.IsAddressOwner && state.Settings.InitialState == Config.Model.InitialState.Master
            ? [new BecameMaster(start.At, VrrpRole.Init, MasterReason.AddressOwner),
                new AdvertSent(start.At, state.EffectivePriority, AdvertReason.BecomingMaster)]
            : [new BecameBackup(start.At, VrrpRole.Init, BackupReason.Startup, null, 0)];
    }

    private static IReadOnlyList<VrrpEvent> OnMasterDownTimerFired(VrrpState state, MasterDownTimerFired fired)
    {
        if (state.Role != VrrpRole.Backup || state.MasterDownAt is not { } due || fired.At < due)
        {
            return [];
        }

        return [new BecameMaster(fired.At, VrrpRole.Backup, MasterReason.MasterDownTimerExpired),
            new AdvertSent(fired.At, state.EffectivePriority, AdvertReason.BecomingMaster)];
    }

    /// <summary>keepalived's vrrp_state_master_tx: the periodic advert, and a due garp_master_refresh with it.</summary>
    private static IReadOnlyList<VrrpEvent> OnAdvertTimerFired(VrrpState state, AdvertTimerFired fired)
    {
        if (state.Role != VrrpRole.Master || state.AdvertDueAt is not { } due || fired.At < due)
        {
            return [];
        }

        VrrpEvent advert = new AdvertSent(fired.At, state.EffectivePriority, AdvertReason.Periodic);
        return state.GarpRefreshAt is { } refresh && fired.At > refresh
            ? [advert, new GratuitousArpsSent(fired.At, state.Settings.Garp.RefreshRepeat, GarpReason.Refresh)]
            : [advert];
    }

    private static IReadOnlyList<VrrpEvent> OnInterfaceLinkChanged(VrrpState state, InterfaceLinkChanged link)
    {
        if (link.Up == state.InterfaceUp)
        {
            return [];
        }

        VrrpEvent changed = new LinkChanged(link.At, link.Up);
        return (state.Role, link.Up) switch
        {
            (VrrpRole.Master, false) => [changed, new AdvertSent(link.At, VrrpAdvert.PriorityResign, AdvertReason.Resigning),
                new EnteredFault(link.At, VrrpRole.Master, FaultReason.InterfaceDown)],
            (VrrpRole.Backup, false) => [changed, new EnteredFault(link.At, VrrpRole.Backup, FaultReason.InterfaceDown)],
            (VrrpRole.Fault, true) when (state with { InterfaceUp = true }).MayLeaveFault =>
                [changed, new BecameBackup(link.At, VrrpRole.Fault, BackupReason.LinkUp, null, 0)],
            _ => [changed],
        };
    }

    /// <summary>keepalived's vrrp_sync_master/backup/fault applied to one member.</summary>
    private static IReadOnlyList<VrrpEvent> OnSyncGroupMoved(VrrpState state, SyncGroupMoved moved) => (state.Role, moved.Target) switch
    {
        (VrrpRole.Backup, VrrpRole.Master) => [new BecameMaster(moved.At, VrrpRole.Backup, MasterReason.SyncGroup),
            new AdvertSent(moved.At, state.EffectivePriority, AdvertReason.BecomingMaster)],
        (VrrpRole.Master, VrrpRole.Backup) => [new BecameBackup(moved.At, VrrpRole.Master, BackupReason.SyncGroup, null, 0)],
        (VrrpRole.Master, VrrpRole.Fault) => [new AdvertSent(moved.At, VrrpAdvert.PriorityResign, AdvertReason.Resigning),
            new EnteredFault(moved.At, VrrpRole.Master, FaultReason.SyncGroup)],
        (VrrpRole.Backup, VrrpRole.Fault) => [new EnteredFault(moved.At, VrrpRole.Backup, FaultReason.SyncGroup)],
        (VrrpRole.Fault, VrrpRole.Backup) when state.FaultedBySyncGroup && !state.OwnFaultCause =>
            [new BecameBackup(moved.At, VrrpRole.Fault, BackupReason.SyncGroup, null, 0)],
        // Already in FAULT of its own: from now on the group holds it there too, so that its own fault ending does
        // not take it out while another member's fault goes on (keepalived's num_member_fault).
        (VrrpRole.Fault, VrrpRole.Fault) when !state.FaultedBySyncGroup => [new SyncGroupFaultHeld(moved.At, moved.Group)],
        _ => [],
    };

    private static IReadOnlyList<VrrpEvent> OnStopRequested(VrrpState state, StopRequested stop) => state.Role switch
    {
        VrrpRole.Init => [],
        VrrpRole.Master => [new AdvertSent(stop.At, VrrpAdvert.PriorityResign, AdvertReason.Resigning), new InstanceStopped(stop.At, VrrpRole.Master)],
        _ => [new InstanceStopped(stop.At, state.Role)],
    };
}
