using System.Net;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Vrrp;

/// <summary>
/// What the state machine needs of one configured instance, resolved as keepalived resolves it
/// (<see cref="VrrpInstance.Resolve"/>), plus the node's own primary address on the instance's interface, which
/// breaks priority ties and which the node (not the configuration) knows.
/// </summary>
public sealed record GarpSettings(TimeSpan Delay, int Repeat, TimeSpan Refresh, int RefreshRepeat)
{
    /// <summary>keepalived's defaults: 5 at once, 5 more after 5 s, no refresh.</summary>
    public static GarpSettings Default { get; } = new(TimeSpan.FromSeconds(5), 5, TimeSpan.Zero, 1);
}

/// <summary>keepalived's notify_master/backup/fault/stop (run as written), generic notify (run with
/// INSTANCE NAME STATE PRIORITY appended), and the notify FIFO.</summary>
public sealed record NotifySettings(string? Master, string? Backup, string? Fault, string? Stop, string? Generic, bool Fifo)
{
    public static NotifySettings None { get; } = new(null, null, null, null, null, false);

    public string? ForState(string state) => state switch
    {
        "MASTER" => Master,
        "BACKUP" => Backup,
        "FAULT" => Fault,
        "STOP" => Stop,
        _ => null,
    };
}

public sealed record InstanceSettings(
    string Name,
    int VirtualRouterId,
    int Version,
    int Priority,
    InitialState InitialState,
    bool NoPreempt,
    TimeSpan PreemptDelay,
    TimeSpan AdvertInterval,
    AdvertAuthentication Authentication,
    string? Password,
    IReadOnlyList<IPAddress> VirtualIps,
    IPAddress OwnAddress,
    IReadOnlyList<IPAddress> UnicastPeers,
    IPAddress MulticastGroup,
    int DownTimerAdverts,
    bool LowerPrioNoAdvert,
    bool HigherPrioSendAdvert,
    bool SkipCheckAdvertAddresses)
{
    /// <summary>track_script, track_interface and track_file, resolved (see <see cref="Tracking.From"/>).</summary>
    public IReadOnlyList<Tracker> Trackers { get; init; } = [];

    /// <summary>Gratuitous ARP / unsolicited NA on becoming master: Repeat at once and again after Delay; every Refresh
    /// (0: never) RefreshRepeat more (garp_master_* of the instance, else vrrp_garp_master_* of global_defs).</summary>
    public GarpSettings Garp { get; init; } = GarpSettings.Default;

    /// <summary>The instance has a unicast_peer block: adverts go to its peers only, never to the multicast group
    /// (even when the block names nobody).</summary>
    public bool Unicast { get; init; }

    /// <summary>unicast_fault_no_peer with a unicast_peer block that names nobody: the instance can only be in FAULT.</summary>
    public bool FaultNoPeer { get; init; }

    /// <summary>The vrrp_sync_group the instance belongs to, if any.</summary>
    public string? SyncGroup { get; init; }

    /// <summary>The notify commands (as written) and whether a notify FIFO takes state lines.</summary>
    public NotifySettings Notify { get; init; } = NotifySettings.None;

    public bool IsAddressOwner => Priority == VrrpAdvert.PriorityOwner;

    public static InstanceSettings From(VrrpInstance instance, KeepalivedConfig config, IPAddress ownAddress) =>
        Resolve(instance, config.Global, ownAddress) with
        {
            Trackers = Tracking.From(instance, config),
            Unicast = instance.Sources.ContainsKey("unicast_peer"),
            FaultNoPeer = instance.UnicastFaultNoPeer && instance.Sources.ContainsKey("unicast_peer") && instance.UnicastPeers.Count == 0,
            SyncGroup = config.SyncGroups.FirstOrDefault(g => g.Members.Any(m => m.Name == instance.Name))?.Name,
            Garp = new GarpSettings(instance.GarpMasterDelay ?? config.Global.VrrpGarpMasterDelay,
                Math.Max(1, instance.GarpMasterRepeat ?? config.Global.VrrpGarpMasterRepeat),
                instance.GarpMasterRefresh ?? config.Global.VrrpGarpMasterRefresh,
                Math.Max(1, instance.GarpMasterRefreshRepeat ?? config.Global.VrrpGarpMasterRefreshRepeat)),
            Notify = new NotifySettings(instance.NotifyMaster?.CommandLine, instance.NotifyBackup?.CommandLine,
                instance.NotifyFault?.CommandLine, instance.NotifyStop?.CommandLine, instance.Notify?.CommandLine,
                config.Global.NotifyFifo is not null || config.Global.VrrpNotifyFifo is not null),
        };

    private static InstanceSettings Resolve(VrrpInstance instance, GlobalDefs global, IPAddress ownAddress)
    {
        var resolved = instance.Resolve(global);
        var authentication = resolved.Authentication switch
        {
            AuthenticationType.Pass => AdvertAuthentication.Pass,
            AuthenticationType.Ah => AdvertAuthentication.Ah,
            _ => AdvertAuthentication.None,
        };
        return new InstanceSettings(instance.Name, instance.VirtualRouterId ?? 0, resolved.Version, resolved.Priority,
            resolved.State, resolved.NoPreempt, resolved.PreemptDelay, resolved.AdvertInterval, authentication, resolved.Password,
            instance.VirtualIpAddresses.Select(v => IPAddress.Parse(v.Address)).ToList(), ownAddress,
            instance.UnicastPeers.Select(p => IPAddress.Parse(p.Address)).ToList(),
            IPAddress.Parse(instance.IsIpv6 ? global.VrrpMcastGroup6 : global.VrrpMcastGroup4), resolved.DownTimerAdverts,
            instance.LowerPrioNoAdvert ?? global.VrrpLowerPrioNoAdvert, instance.HigherPrioSendAdvert ?? global.VrrpHigherPrioSendAdvert,
            global.VrrpSkipCheckAdvAddr);
    }
}
