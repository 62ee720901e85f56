using System.Net;
using CsCheck;
using EsHa.Domain.Vrrp;
using EsHa.Node.Ports.VrrpTransport.Wire;
using Xunit;

namespace EsHa.Node.Tests;

/// <summary>Encode/decode round trips for every representable advert; damage is always caught, never thrown.</summary>
public sealed class VrrpCodecPropertyTests
{
    private static readonly Gen<IPAddress> Ipv4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
    private static readonly Gen<IPAddress> Ipv6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));

    private static readonly Gen<(VrrpAdvert Advert, IPAddress Source, IPAddress Destination)> Adverts = Gen.OneOf(
        Gen.Select(Gen.Int[1, 255], Gen.Int[0, 255], Gen.Int[1, 255], Ipv4.Array[0, 20], Gen.Bool, Gen.String[Gen.Char['!', '~'], 0, 8], Ipv4, Ipv4)
            .Select((vrid, prio, secs, addrs, pass, pw, s, d) => (new VrrpAdvert(2, vrid, prio, TimeSpan.FromSeconds(secs), addrs,
                pass ? AdvertAuthentication.Pass : AdvertAuthentication.None, pass ? pw : null), s, d)),
        Gen.Select(Gen.Int[1, 255], Gen.Int[0, 255], Gen.Int[1, 4095], Ipv4.Array[0, 20], Ipv4, Ipv4)
            .Select((vrid, prio, cs, addrs, s, d) => (new VrrpAdvert(3, vrid, prio, TimeSpan.FromMilliseconds(cs * 10), addrs), s, d)),
        Gen.Select(Gen.Int[1, 255], Gen.Int[0, 255], Gen.Int[1, 4095], Ipv6.Array[0, 8], Ipv6, Ipv6)
            .Select((vrid, prio, cs, addrs, s, d) => (new VrrpAdvert(3, vrid, prio, TimeSpan.FromMilliseconds(cs * 10), addrs), s, d)));

    [Fact]
    public void every_representable_advert_round_trips()
    {
        Adverts.Sample(x =>
        {
            var decoded = VrrpCodec.Decode(VrrpCodec.Encode(x.Advert, x.Source, x.Destination), x.Source, x.Destination);
            Assert.Equal(AdvertRejectReason.None, decoded.Reason);
            Assert.True(decoded.Advert!.SameAs(x.Advert), $"{x.Advert} came back as {decoded.Advert}");
        }, iter: 5000);
    }

    [Fact]
    public void any_single_flipped_bit_is_rejected()
    {
        Gen.Select(Adverts, Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).Sample((x, at, bit) =>
        {
            var packet = VrrpCodec.Encode(x.Advert, x.Source, x.Destination);
            packet[at % packet.Length] ^= (byte)(1 << bit);
            Assert.NotEqual(AdvertRejectReason.None, VrrpCodec.Decode(packet, x.Source, x.Destination).Reason);
        }, iter: 5000);
    }

    [Fact]
    public void random_bytes_never_throw_and_rejections_always_say_why()
    {
        Gen.Select(Gen.Byte.Array[0, 120], Gen.Bool).Sample((bytes, v6) =>
        {
            var (s, d) = v6 ? (IPAddress.IPv6Loopback, IPAddress.Parse("ff02::12")) : (IPAddress.Loopback, IPAddress.Parse("224.0.0.18"));
            var result = VrrpCodec.Decode(bytes, s, d);
            Assert.True(result.Advert is not null ^ result.Reason != AdvertRejectReason.None);
            Assert.True(result.Advert is not null || result.Detail.Length > 0);
        }, iter: 20000);
    }
}
