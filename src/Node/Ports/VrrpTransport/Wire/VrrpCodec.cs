using System.Buffers.Binary;
using System.Net;
using System.Text;
using EsHa.Domain.Vrrp;

namespace EsHa.Node.Ports.VrrpTransport.Wire;

/// <summary>The outcome of decoding: an advert, or the reason there is none and a detail for the operator.</summary>
public readonly record struct VrrpDecodeResult(VrrpAdvert? Advert, AdvertRejectReason Reason, string Detail)
{
    public static VrrpDecodeResult Reject(AdvertRejectReason reason, string detail) => new(null, reason, detail);
}

/// <summary>
/// VRRP messages as keepalived puts them on the wire (the IP header is the kernel's): version 2 (RFC 3768, IPv4,
/// checksum over the message, 8 bytes of authentication data always present) and version 3 (RFC 5798, IPv4 and
/// IPv6, checksum over an IP pseudo-header and the message, interval in centiseconds). Decoding never throws:
/// a packet it cannot take comes back with an <see cref="AdvertRejectReason"/>.
/// </summary>
public static class VrrpCodec
{
    public const byte ProtocolNumber = 112;
    public const int HeaderLength = 8;
    public const int AuthenticationDataLength = 8;
    private const byte TypeAdvertisement = 1;
    private const int Version3IntervalMaxCentiseconds = 0x0fff;

    public static byte[] Encode(VrrpAdvert advert, IPAddress source, IPAddress destination)
    {
        Check(advert, source);
        var addressLength = advert.IsIpv6 || IsIpv6(source) ? 16 : 4;
        var length = HeaderLength + (addressLength * advert.Addresses.Count)
            + (advert.Version == 2 ? AuthenticationDataLength : 0);
        var packet = new byte[length];
        packet[0] = (byte)((advert.Version << 4) | TypeAdvertisement);
        packet[1] = (byte)advert.VirtualRouterId;
        packet[2] = (byte)advert.Priority;
        packet[3] = (byte)advert.Addresses.Count;
        if (advert.Version == 2)
        {
            packet[4] = (byte)advert.Authentication;
            packet[5] = (byte)advert.AdvertInterval.TotalSeconds;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)Centiseconds(advert.AdvertInterval));
        }

        var offset = HeaderLength;
        foreach (var address in advert.Addresses)
        {
            address.TryWriteBytes(packet.AsSpan(offset), out var written);
            offset += written;
        }

        if (advert.Version == 2 && advert.Authentication == AdvertAuthentication.Pass)
        {
            Encoding.Latin1.GetBytes(advert.Password ?? "", packet.AsSpan(offset, AuthenticationDataLength));
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), Checksum(packet, advert.Version, source, destination));
        return packet;
    }

    public static VrrpDecodeResult Decode(ReadOnlySpan<byte> packet, IPAddress source, IPAddress destination)
    {
        if (packet.Length < HeaderLength)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.TooShort, $"{packet.Length} bytes, a VRRP header has {HeaderLength}");
        }

        var version = packet[0] >> 4;
        if (version is not (2 or 3))
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.UnknownVersion, $"version {version}");
        }

        if ((packet[0] & 0x0f) != TypeAdvertisement)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.NotAnAdvertisement, $"type {packet[0] & 0x0f}");
        }

        var ipv6 = IsIpv6(source);
        if (version == 2 && ipv6)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.Version2OverIpv6, "VRRPv2 is defined for IPv4 only");
        }

        var count = packet[3];
        var addressLength = ipv6 ? 16 : 4;
        var expected = HeaderLength + (count * addressLength) + (version == 2 ? AuthenticationDataLength : 0);
        if (packet.Length != expected)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.LengthMismatch,
                $"{packet.Length} bytes, but {count} address(es) make {expected}");
        }

        var checksum = Checksum(packet, version, source, destination);
        if (checksum != 0)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.BadChecksum,
                $"checksum 0x{BinaryPrimitives.ReadUInt16BigEndian(packet[6..]):x4} does not verify");
        }

        return version == 2 ? DecodeVersion2(packet, count) : DecodeVersion3(packet, count, addressLength);
    }

    private static VrrpDecodeResult DecodeVersion2(ReadOnlySpan<byte> packet, int count)
    {
        if (packet[4] > (byte)AdvertAuthentication.Ah)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.UnknownAuthenticationType, $"authentication type {packet[4]}");
        }

        if (packet[5] == 0)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.ZeroInterval, "advertisement interval 0");
        }

        var authentication = (AdvertAuthentication)packet[4];
        var addresses = Addresses(packet, count, 4);
        var data = packet.Slice(HeaderLength + (count * 4), AuthenticationDataLength);
        var password = authentication == AdvertAuthentication.Pass ? Encoding.Latin1.GetString(data).TrimEnd('\0') : null;
        var advert = new VrrpAdvert(2, packet[1], packet[2], TimeSpan.FromSeconds(packet[5]), addresses, authentication, password);
        return new VrrpDecodeResult(advert, AdvertRejectReason.None, "");
    }

    private static VrrpDecodeResult DecodeVersion3(ReadOnlySpan<byte> packet, int count, int addressLength)
    {
        // The top 4 bits are reserved: sent as zero, ignored on receipt (RFC 5798 section 5.2.5).
        var centiseconds = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) & Version3IntervalMaxCentiseconds;
        if (centiseconds == 0)
        {
            return VrrpDecodeResult.Reject(AdvertRejectReason.ZeroInterval, "maximum advertisement interval 0");
        }

        var advert = new VrrpAdvert(3, packet[1], packet[2], TimeSpan.FromMilliseconds(centiseconds * 10),
            Addresses(packet, count, addressLength));
        return new VrrpDecodeResult(advert, AdvertRejectReason.None, "");
    }

    private static List<IPAddress> Addresses(ReadOnlySpan<byte> packet, int count, int length)
    {
        var addresses = new List<IPAddress>(count);
        for (var i = 0; i < count; i++)
        {
            addresses.Add(new IPAddress(packet.Slice(HeaderLength + (i * length), length)));
        }

        return addresses;
    }

    /// <summary>Version 2: over the message. Version 3: over the pseudo-header (RFC 5798 section 5.2.8) and the
    /// message. Zero when a received packet verifies.</summary>
    private static ushort Checksum(ReadOnlySpan<byte> packet, int version, IPAddress source, IPAddress destination)
    {
        var sum = new InternetChecksum();
        if (version == 3)
        {
            Span<byte> pseudo = stackalloc byte[40];
            var ipv6 = IsIpv6(source);
            var addressLength = ipv6 ? 16 : 4;
            source.TryWriteBytes(pseudo, out _);
            destination.TryWriteBytes(pseudo[addressLength..], out _);
            var tail = pseudo[(2 * addressLength)..];
            if (ipv6)
            {
                // length (32 bits), three zero bytes, next header.
                BinaryPrimitives.WriteUInt32BigEndian(tail, (uint)packet.Length);
                tail[4..7].Clear();
                tail[7] = ProtocolNumber;
                sum.Add(pseudo[..((2 * addressLength) + 8)]);
            }
            else
            {
                // zero, protocol, length (16 bits).
                tail[0] = 0;
                tail[1] = ProtocolNumber;
                BinaryPrimitives.WriteUInt16BigEndian(tail[2..], (ushort)packet.Length);
                sum.Add(pseudo[..((2 * addressLength) + 4)]);
            }
        }

        sum.Add(packet);
        return sum.Complement();
    }

    private static int Centiseconds(TimeSpan interval) => (int)(interval.Ticks / (TimeSpan.TicksPerMillisecond * 10));

    private static bool IsIpv6(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    /// <summary>An advert EsHa sends must be representable; anything else is a bug in the caller.</summary>
    private static void Check(VrrpAdvert advert, IPAddress source)
    {
        if (advert.Version is not (2 or 3) || advert.VirtualRouterId is < 1 or > 255 || advert.Priority is < 0 or > 255
            || advert.Addresses.Count > 255 || advert.Addresses.Any(a => IsIpv6(a) != IsIpv6(source)))
        {
            throw new ArgumentException($"cannot encode {advert} from {source}", nameof(advert));
        }

        var valid = advert.Version == 2
            ? !IsIpv6(source) && advert.AdvertInterval.Ticks % TimeSpan.TicksPerSecond == 0
                && advert.AdvertInterval.TotalSeconds is >= 1 and <= 255
                && Encoding.Latin1.GetByteCount(advert.Password ?? "") <= AuthenticationDataLength
            : Centiseconds(advert.AdvertInterval) is >= 1 and <= Version3IntervalMaxCentiseconds
                && advert.Authentication == AdvertAuthentication.None;
        if (!valid)
        {
            throw new ArgumentException($"cannot encode {advert}: interval or authentication not valid for its version", nameof(advert));
        }
    }
}
