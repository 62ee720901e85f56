using EsHa.Domain.Config.Binding;

namespace EsHa.Domain.Vrrp;

public static partial class VrrpDecider
{
    private const int MulticastTtl = 255;

    /// <summary>keepalived's vrrp_check_packet() for a decoded advert: what makes an instance ignore it.</summary>
    private static AdvertRejected? Check(VrrpState state, AdvertReceived received)
    {
        var (settings, advert) = (state.Settings, received.Advert);
        var (reason, detail) = advert switch
        {
            _ when received.Source.Equals(settings.OwnAddress) => (AdvertRejectReason.OwnAdvert, "our own advert"),
            _ when IpText.IsMulticast(received.Destination) && received.Ttl != MulticastTtl =>
                (AdvertRejectReason.TtlNot255, $"TTL {received.Ttl}, multicast adverts must have 255"),
            _ when advert.Version != settings.Version => (AdvertRejectReason.VersionMismatch, $"VRRPv{advert.Version}, we run VRRPv{settings.Version}"),
            _ when advert.VirtualRouterId != settings.VirtualRouterId =>
                (AdvertRejectReason.VridMismatch, $"VRID {advert.VirtualRouterId}, ours is {settings.VirtualRouterId}"),
            { Version: 2 } when advert.Authentication != settings.Authentication =>
                (AdvertRejectReason.AuthenticationMismatch, $"authentication {advert.Authentication}, ours is {settings.Authentication}"),
            { Version: 2, Authentication: AdvertAuthentication.Pass } when advert.Password != settings.Password =>
                (AdvertRejectReason.AuthenticationMismatch, "wrong password"),
            { Version: 2 } when advert.AdvertInterval != settings.AdvertInterval =>
                (AdvertRejectReason.IntervalMismatch, $"interval {advert.AdvertInterval.TotalSeconds} s, ours is {settings.AdvertInterval.TotalSeconds} s"),
            _ when !settings.SkipCheckAdvertAddresses && advert.Priority != VrrpAdvert.PriorityResign && !SameAddresses(advert, settings) =>
                (AdvertRejectReason.AddressMismatch, $"addresses {string.Join(',', advert.Addresses)} are not our VIPs"),
            _ => (AdvertRejectReason.None, ""),
        };
        return reason == AdvertRejectReason.None ? null : new AdvertRejected(received.At, received.Source, reason, detail);
    }

    private static bool SameAddresses(VrrpAdvert advert, InstanceSettings settings) =>
        advert.Addresses.Count == settings.VirtualIps.Count && advert.Addresses.All(settings.VirtualIps.Contains);
}
