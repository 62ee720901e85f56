using System.Net;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Vrrp;
using EsHa.Node.Ports.VrrpTransport.Wire;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests;

/// <summary>The codec against tcpdump's own VRRP decoder, and its handling of broken packets.</summary>
public sealed class VrrpCodecTests
{
    private static readonly IPAddress Ka01 = IPAddress.Parse("10.1.1.1");
    private static readonly IPAddress Ka02 = IPAddress.Parse("10.1.1.2");
    private static readonly IPAddress Group4 = IPAddress.Parse("224.0.0.18");

    /// <summary>ka01's advert from the seed: VRRPv2, unicast to ka02, PASS "cisco", advert_int 3, the site's VIP.</summary>
    public static readonly VrrpAdvert SeedAdvert = new(2, 51, 100, TimeSpan.FromSeconds(3),
        [IPAddress.Parse("192.168.126.100")], AdvertAuthentication.Pass, "cisco");

    private static string TcpdumpReads(params (byte[] Vrrp, IPAddress Source, IPAddress Destination)[] packets)
    {
        var path = Path.Combine(Path.GetTempPath(), $"esha-codec-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, Pcap.Write(packets));
        try
        {
            var (code, output) = Tools.Run(Prerequisite.Tool("/usr/bin/tcpdump"), "-r", path, "-vv", "-n");
            Assert.Equal(0, code);

            // Leave out "reading from file PATH", whose random name could hold any word.
            return string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("reading from file", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void the_seed_advert_encodes_as_tcpdump_reads_keepalived_adverts()
    {
        var output = TcpdumpReads((VrrpCodec.Encode(SeedAdvert, Ka01, Ka02), Ka01, Ka02));
        const string expected = "10.1.1.1 > 10.1.1.2: VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 3s, length 20, addrs: 192.168.126.100 auth \"cisco\"";
        Assert.True(output.Contains(expected, StringComparison.Ordinal), output);
        Assert.DoesNotContain("cksum", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void version_3_adverts_over_ipv4_and_ipv6_carry_centiseconds_and_a_pseudo_header_checksum()
    {
        var v4 = new VrrpAdvert(3, 7, 200, TimeSpan.FromMilliseconds(500), [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2")]);
        var source6 = IPAddress.Parse("fe80::1");
        var group6 = IPAddress.Parse("ff02::12");
        var v6 = new VrrpAdvert(3, 9, 100, TimeSpan.FromSeconds(1), [IPAddress.Parse("2001:db8::10")]);
        var output = TcpdumpReads((VrrpCodec.Encode(v4, Ka01, Group4), Ka01, Group4), (VrrpCodec.Encode(v6, source6, group6), source6, group6));
        Assert.Contains("VRRPv3, Advertisement, vrid 7, prio 200, intvl 50cs, length 16, addrs(2): 192.0.2.1,192.0.2.2", output, StringComparison.Ordinal);
        Assert.Contains("VRRPv3, Advertisement, vrid 9, prio 100, intvl 100cs, length 24, addrs: 2001:db8::10", output, StringComparison.Ordinal);
        Assert.DoesNotContain("cksum", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(new byte[] { }, AdvertRejectReason.TooShort)]
    [InlineData(new byte[] { 0x41, 51, 100, 0, 0, 1, 0, 0 }, AdvertRejectReason.UnknownVersion)]
    [InlineData(new byte[] { 0x22, 51, 100, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, AdvertRejectReason.NotAnAdvertisement)]
    [InlineData(new byte[] { 0x21, 51, 100, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, AdvertRejectReason.LengthMismatch)]
    [InlineData(new byte[] { 0x21, 51, 100, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, AdvertRejectReason.BadChecksum)]
    public void broken_packets_are_rejected_with_a_reason(byte[] packet, AdvertRejectReason reason)
    {
        var result = VrrpCodec.Decode(packet, Ka01, Group4);
        Assert.Null(result.Advert);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Fact]
    public void version_2_over_ipv6_and_unknown_authentication_types_are_rejected()
    {
        var v2 = VrrpCodec.Encode(SeedAdvert, Ka01, Ka02);
        Assert.Equal(AdvertRejectReason.Version2OverIpv6, VrrpCodec.Decode(v2, IPAddress.Parse("fe80::1"), IPAddress.Parse("ff02::12")).Reason);
        var unknownAuth = VrrpCodec.Encode(SeedAdvert with { Authentication = (AdvertAuthentication)3, Password = null }, Ka01, Ka02);
        Assert.Equal(AdvertRejectReason.UnknownAuthenticationType, VrrpCodec.Decode(unknownAuth, Ka01, Ka02).Reason);
    }

    [Fact]
    public void a_version_3_checksum_binds_the_addresses_of_the_ip_header()
    {
        var advert = new VrrpAdvert(3, 7, 200, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.0.2.1")]);
        var packet = VrrpCodec.Encode(advert, Ka01, Group4);
        Assert.Equal(AdvertRejectReason.None, VrrpCodec.Decode(packet, Ka01, Group4).Reason);
        Assert.Equal(AdvertRejectReason.BadChecksum, VrrpCodec.Decode(packet, Ka02, Group4).Reason);
    }

    [Fact]
    public void adverts_that_cannot_be_represented_are_refused_at_encoding()
    {
        Assert.Throws<ArgumentException>(() => VrrpCodec.Encode(SeedAdvert with { AdvertInterval = TimeSpan.FromSeconds(1.5) }, Ka01, Ka02));
        Assert.Throws<ArgumentException>(() => VrrpCodec.Encode(SeedAdvert with { Password = "longer than eight" }, Ka01, Ka02));
        Assert.Throws<ArgumentException>(() => VrrpCodec.Encode(SeedAdvert with { VirtualRouterId = 0 }, Ka01, Ka02));
    }
}
