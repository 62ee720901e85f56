namespace EsHa.Domain.Vrrp;

/// <summary>
/// Why a received packet was not taken as an advert. The numbers are stable: they are stored in journals and shown
/// in metrics, so a reason is never renumbered or reused.
/// </summary>
public enum AdvertRejectReason
{
    None = 0,

    // The packet itself (the codec).
    TooShort = 1,
    UnknownVersion = 2,
    NotAnAdvertisement = 3,
    LengthMismatch = 4,
    BadChecksum = 5,
    UnknownAuthenticationType = 6,
    Version2OverIpv6 = 7,
    ZeroInterval = 8,

    // The packet against the instance (the state machine).
    TtlNot255 = 20,
    VersionMismatch = 21,
    AuthenticationMismatch = 22,
    IntervalMismatch = 23,
    AddressMismatch = 24,
    UnknownSender = 25,
    OwnAdvert = 26,
    VridMismatch = 27,
}
