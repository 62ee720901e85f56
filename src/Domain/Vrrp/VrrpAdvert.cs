using System.Net;

namespace EsHa.Domain.Vrrp;

/// <summary>
/// One VRRP advertisement as its fields say (RFC 3768 for version 2, RFC 5798 for version 3), without the IP header.
/// <see cref="AdvertInterval"/> is whole seconds in version 2 and centiseconds in version 3;
/// <see cref="Password"/> is the 8-byte authentication field of a version 2 PASS advert, without trailing NULs.
/// </summary>
public sealed record VrrpAdvert(
    int Version,
    int VirtualRouterId,
    int Priority,
    TimeSpan AdvertInterval,
    IReadOnlyList<IPAddress> Addresses,
    AdvertAuthentication Authentication = AdvertAuthentication.None,
    string? Password = null)
{
    public const int PriorityResign = 0;
    public const int PriorityOwner = 255;

    public bool IsIpv6 => Addresses.Count > 0 && Addresses[0].GetAddressBytes().Length == 16;

    /// <summary>Field-by-field equality (records compare lists by reference).</summary>
    public bool SameAs(VrrpAdvert other) =>
        (Version, VirtualRouterId, Priority, AdvertInterval, Authentication, Password)
            == (other.Version, other.VirtualRouterId, other.Priority, other.AdvertInterval, other.Authentication, other.Password)
        && Addresses.SequenceEqual(other.Addresses);

    public override string ToString() =>
        $"VRRPv{Version} vrid {VirtualRouterId} prio {Priority} intvl {AdvertInterval.TotalSeconds}s " +
        $"auth {Authentication}{(Password is null ? "" : $" \"{Password}\"")} addrs {string.Join(',', Addresses)}";
}

/// <summary>The version 2 authentication types (RFC 3768 section 5.3.6; 1 was "simple text password").</summary>
public enum AdvertAuthentication
{
    None = 0,
    Pass = 1,
    Ah = 2,
}
