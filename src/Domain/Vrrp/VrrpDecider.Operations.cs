namespace EsHa.Domain.Vrrp;

public static partial class VrrpDecider
{
    /// <summary>
    /// An address came or went on the instance's interface. A VIP that disagrees with the role is drift (someone ran
    /// <c>ip addr</c> by hand): recorded, and put right by the effect. The interface's own address going means no
    /// source for adverts: keepalived goes FAULT until the interface has one again.
    /// </summary>
    private static IReadOnlyList<VrrpEvent> OnAddressChanged(VrrpState state, AddressChanged changed)
    {
        var (at, address) = (changed.At, changed.Address);
        if (state.Role == VrrpRole.Init)
        {
            return [];
        }

        if (state.Settings.VirtualIps.Contains(address))
        {
            return changed.Present != (state.Role == VrrpRole.Master) ? [new VipDriftFound(at, address, changed.Present)] : [];
        }

        if (state.SourceAddressPresent && !changed.Present && address.Equals(state.Settings.OwnAddress))
        {
            VrrpEvent lost = new SourceAddressChanged(at, null);
            return state.Role switch
            {
                VrrpRole.Master => [lost, new EnteredFault(at, VrrpRole.Master, FaultReason.NoSourceAddress)],
                VrrpRole.Backup => [lost, new EnteredFault(at, VrrpRole.Backup, FaultReason.NoSourceAddress)],
                _ => [lost],
            };
        }

        if (!state.SourceAddressPresent && changed.Present && address.AddressFamily == state.Settings.OwnAddress.AddressFamily)
        {
            VrrpEvent back = new SourceAddressChanged(at, address);
            return (state with { SourceAddressPresent = true }).MayLeaveFault
                ? [back, new BecameBackup(at, VrrpRole.Fault, BackupReason.SourceAddressBack, null, 0)]
                : [back];
        }

        return [];
    }

    /// <summary>Drain: leave MASTER (priority 0 first, so a backup takes over after its skew time) and hold FAULT;
    /// resume: back to BACKUP when nothing else holds the FAULT.</summary>
    private static IReadOnlyList<VrrpEvent> OnOperatorCommanded(VrrpState state, OperatorCommanded command)
    {
        var at = command.At;
        VrrpEvent taken = new OperatorCommandTaken(at, command.Action, command.By);
        if (command.Action == OperatorAction.Drain)
        {
            return state.Drained ? [] : state.Role switch
            {
                VrrpRole.Master => [taken, new AdvertSent(at, VrrpAdvert.PriorityResign, AdvertReason.Resigning),
                    new EnteredFault(at, VrrpRole.Master, FaultReason.OperatorDrained)],
                VrrpRole.Backup => [taken, new EnteredFault(at, VrrpRole.Backup, FaultReason.OperatorDrained)],
                _ => [taken],
            };
        }

        if (!state.Drained)
        {
            return [];
        }

        return (state with { Drained = false }).MayLeaveFault
            ? [taken, new BecameBackup(at, VrrpRole.Fault, BackupReason.OperatorResumed, null, 0)]
            : [taken];
    }

    /// <summary>
    /// A reload changed the instance (same name, VRID, interface and version; the runtime restarts an instance whose
    /// identity changed). keepalived keeps the role of an instance that survives a reload: a master adds and removes
    /// the VIPs that changed, the effective priority follows the new settings, and new fault trackers apply at once.
    /// </summary>
    private static IReadOnlyList<VrrpEvent> OnSettingsReloaded(VrrpState state, SettingsReloaded reloaded)
    {
        var (at, settings) = (reloaded.At, reloaded.Settings);
        var added = settings.VirtualIps.Where(v => !state.Settings.VirtualIps.Contains(v)).ToList();
        var removed = state.Settings.VirtualIps.Where(v => !settings.VirtualIps.Contains(v)).ToList();
        var events = new List<VrrpEvent> { new SettingsChanged(at, settings, added, removed) };
        var priority = Tracking.EffectivePriority(settings, state.TrackerStatus);
        if (priority != state.EffectivePriority)
        {
            events.Add(new PriorityChanged(at, state.EffectivePriority, priority));
        }

        var after = state with { Settings = settings };
        var reason = settings.FaultNoPeer ? FaultReason.NoUnicastPeer : FaultReason.TrackerDown;
        switch (state.Role)
        {
            case VrrpRole.Master when after.OwnFaultCause:
                events.Add(new AdvertSent(at, VrrpAdvert.PriorityResign, AdvertReason.Resigning));
                events.Add(new EnteredFault(at, VrrpRole.Master, reason));
                break;
            case VrrpRole.Backup when after.OwnFaultCause:
                events.Add(new EnteredFault(at, VrrpRole.Backup, reason));
                break;
            case VrrpRole.Fault when after.MayLeaveFault:
                events.Add(new BecameBackup(at, VrrpRole.Fault, BackupReason.Reloaded, null, 0));
                break;
        }

        return events;
    }
}
