namespace EsHa.Domain.Vrrp;

public static partial class VrrpDecider
{
    /// <summary>A tracker changed: record it, move the effective priority, and enter or leave FAULT as keepalived
    /// does for a tracked object with weight 0 (a master resigns first).</summary>
    private static IReadOnlyList<VrrpEvent> OnTrackerChanged(VrrpState state, TrackerChanged changed)
    {
        var key = Tracking.Key(changed.Kind, changed.Name);
        var known = state.Settings.Trackers.Any(t => t.Kind == changed.Kind && t.Name == changed.Name);
        if (!known || (state.TrackerStatus.TryGetValue(key, out var old) && old == changed.Value))
        {
            return [];
        }

        var at = changed.At;
        var events = new List<VrrpEvent> { new TrackerUpdated(at, changed.Kind, changed.Name, changed.Value) };
        var status = state.TrackerStatus.SetItem(key, changed.Value);
        // The address owner has no weighted trackers; its priority moves only when a second owner lowers it to 254.
        var priority = state.Settings.IsAddressOwner ? state.EffectivePriority : Tracking.EffectivePriority(state.Settings, status);
        if (priority != state.EffectivePriority)
        {
            events.Add(new PriorityChanged(at, state.EffectivePriority, priority));
        }

        var faulted = Tracking.Faulted(state.Settings, status);
        switch (state.Role)
        {
            case VrrpRole.Master when faulted:
                events.Add(new AdvertSent(at, VrrpAdvert.PriorityResign, AdvertReason.Resigning));
                events.Add(new EnteredFault(at, VrrpRole.Master, FaultReason.TrackerDown));
                break;
            case VrrpRole.Backup when faulted:
                events.Add(new EnteredFault(at, VrrpRole.Backup, FaultReason.TrackerDown));
                break;
            case VrrpRole.Fault when (state with { TrackerStatus = status }).MayLeaveFault:
                events.Add(new BecameBackup(at, VrrpRole.Fault, BackupReason.TrackersUp, null, 0));
                break;
        }

        return events;
    }
}
