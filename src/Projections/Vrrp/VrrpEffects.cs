using System.Net;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Vrrp;

/// <summary>
/// Effects from events, given the state after the event: a pure function, so the simulator and the Linux node do
/// the same things for the same events, and a replayed journal shows what was done.
/// </summary>
public static class VrrpEffects
{
    public static IReadOnlyList<VrrpEffect> Of(VrrpEvent @event, VrrpState after)
    {
        var settings = after.Settings;
        return @event switch
        {
            GratuitousArpsSent e => [new SendGratuitousArps(settings.VirtualIps, e.Repeat)],
            AdvertSent e => [new SendAdvert(AdvertOf(settings, e.Priority, after.MasterAdvertInterval), Destinations(settings))],
            BecameMaster => [new AddVips(settings.VirtualIps), new SendGratuitousArps(settings.VirtualIps, settings.Garp.Repeat),
                .. Notify(settings, "MASTER", after.EffectivePriority)],
            BecameBackup e => [.. LeftMaster(e.From, settings), .. Notify(settings, "BACKUP", after.EffectivePriority)],
            EnteredFault e => [.. LeftMaster(e.From, settings), .. Notify(settings, "FAULT", after.EffectivePriority)],
            InstanceStopped e => [.. LeftMaster(e.From, settings), .. Notify(settings, "STOP", after.EffectivePriority)],
            VipDriftFound { Present: false } e when after.Role == VrrpRole.Master =>
                [new AddVips([e.Address]), new SendGratuitousArps([e.Address], settings.Garp.Repeat)],
            VipDriftFound { Present: true } e when after.Role != VrrpRole.Master => [new RemoveVips([e.Address])],
            LeftoverVipsFound e => [new RemoveVips(e.Addresses)],
            SettingsChanged e when after.Role == VrrpRole.Master => [
                .. e.VipsRemoved.Count > 0 ? [new RemoveVips(e.VipsRemoved)] : Array.Empty<VrrpEffect>(),
                .. e.VipsAdded.Count > 0 ? [new AddVips(e.VipsAdded), new SendGratuitousArps(e.VipsAdded, settings.Garp.Repeat)] : Array.Empty<VrrpEffect>()],
            _ => [],
        };
    }

    /// <summary>A sync group's notifies when its state moves (keepalived's send_group_notifies): the state's script,
    /// the generic one with GROUP NAME STATE 0, and the FIFO line <c>GROUP "VG_1" MASTER 0</c>.</summary>
    public static IEnumerable<VrrpEffect> OfGroup(SyncGroupChanged changed, NotifySettings notify)
    {
        var state = StateName(changed.To);
        if (notify.ForState(state) is { } script)
        {
            yield return new RunScript(script, [], changed.Group);
        }

        if (notify.Generic is { } generic)
        {
            yield return new RunScript(generic, ["GROUP", changed.Group, state, "0"], changed.Group);
        }

        if (notify.Fifo)
        {
            yield return new WriteNotifyFifo($"GROUP \"{changed.Group}\" {state} 0");
        }
    }

    /// <summary>keepalived's names for states in notifies; a stopped instance or group is STOP.</summary>
    public static string StateName(VrrpRole role) => role switch
    {
        VrrpRole.Master => "MASTER",
        VrrpRole.Backup => "BACKUP",
        VrrpRole.Fault => "FAULT",
        _ => "STOP",
    };

    /// <summary>The state's own script, the generic one with its four arguments, and the FIFO line, in
    /// keepalived's order (ordered per instance by the runtime).</summary>
    public static IEnumerable<VrrpEffect> Notify(InstanceSettings settings, string state, int priority)
    {
        var notify = settings.Notify;
        if (notify.ForState(state) is { } script)
        {
            yield return new RunScript(script, [], settings.Name);
        }

        var priorityText = priority.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (notify.Generic is { } generic)
        {
            yield return new RunScript(generic, ["INSTANCE", settings.Name, state, priorityText], settings.Name);
        }

        if (notify.Fifo)
        {
            yield return new WriteNotifyFifo($"INSTANCE \"{settings.Name}\" {state} {priorityText}");
        }
    }

    private static IEnumerable<VrrpEffect> LeftMaster(VrrpRole from, InstanceSettings settings) =>
        from == VrrpRole.Master ? [new RemoveVips(settings.VirtualIps)] : [];

    public static VrrpAdvert AdvertOf(InstanceSettings settings, int priority, TimeSpan interval) =>
        new(settings.Version, settings.VirtualRouterId, priority, interval, settings.VirtualIps,
            settings.Version == 2 ? settings.Authentication : AdvertAuthentication.None,
            settings.Version == 2 && settings.Authentication == AdvertAuthentication.Pass ? settings.Password : null);

    /// <summary>The unicast peers (none for an empty unicast_peer block), or the multicast group (vrrp_mcast_group4/6).</summary>
    public static IReadOnlyList<IPAddress> Destinations(InstanceSettings settings) =>
        settings.Unicast ? settings.UnicastPeers : [settings.MulticastGroup];
}
