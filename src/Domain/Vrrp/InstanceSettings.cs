using System.Net;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Vrrp;

/// <summary>
/// What the state machine needs of one configured instance, resolved as keepalived resolves it
/// (<see cref="VrrpInstance.Resolve"/>), plus the node's own primary address on the instance's interface, which
/// breaks priority ties and which the node (not the configuration) knows.
/// </summary>
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

    public bool IsAddressOwner => Priority == VrrpAdvert.PriorityOwner;

    public static InstanceSettings From(VrrpInstance instance, KeepalivedConfig config, IPAddress ownAddress) =>
        Resolve(instance, config.Global, ownAddress) with { Trackers = Tracking.From(instance, config) };

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
