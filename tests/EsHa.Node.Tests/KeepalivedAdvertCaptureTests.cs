using System.Net;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Vrrp;
using EsHa.Node.Ports.VrrpTransport.Wire;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests;

/// <summary>
/// Golden packets from the real thing: Debian's keepalived 2.2.7 runs as master in a namespace of the test's own,
/// tcpdump captures its adverts on the other end of a veth, and EsHa must decode every field and encode the same
/// advert to the same bytes.
/// </summary>
public sealed class KeepalivedAdvertCaptureTests
{
    public static TheoryData<string, string, VrrpAdvert> Cases() => new()
    {
        {
            "10.9.0.1/24",
            "advert_int 1\n    authentication {\n        auth_type PASS\n        auth_pass cisco\n    }\n    virtual_ipaddress {\n        192.168.126.100/24\n        192.168.126.101/24\n    }",
            new VrrpAdvert(2, 51, 150, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.168.126.100"), IPAddress.Parse("192.168.126.101")],
                AdvertAuthentication.Pass, "cisco")
        },
        {
            "10.9.0.1/24",
            "version 3\n    advert_int 0.5\n    virtual_ipaddress {\n        192.0.2.7/24\n    }",
            new VrrpAdvert(3, 51, 150, TimeSpan.FromMilliseconds(500), [IPAddress.Parse("192.0.2.7")])
        },
        {
            "fd00:9::1/64",
            "advert_int 0.5\n    virtual_ipaddress {\n        fe80::51/64\n        2001:db8::51/64\n    }",
            new VrrpAdvert(3, 51, 150, TimeSpan.FromMilliseconds(500), [IPAddress.Parse("fe80::51"), IPAddress.Parse("2001:db8::51")])
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void esha_decodes_keepalived_adverts_and_encodes_them_byte_for_byte(string ownAddress, string instanceLines, VrrpAdvert expected)
    {
        var keepalived = Prerequisite.Tool("/usr/sbin/keepalived");
        var tcpdump = Prerequisite.Tool("/usr/bin/tcpdump");
        using var ns = new NetNamespace("capture");
        var dir = Directory.CreateTempSubdirectory("esha-capture-");
        try
        {
            ns.Exec(NetNamespace.Ip, "addr", "add", ownAddress, "dev", "ha0");
            var config = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(config, $"vrrp_instance VI_1 {{\n    state MASTER\n    interface ha0\n    virtual_router_id 51\n    priority 150\n    {instanceLines}\n}}\n");
            var capture = Path.Combine(dir.FullName, "adverts.pcap");
            var filter = expected.IsIpv6 ? "ip6 proto 112" : "ip proto 112";
            var tcpdumpRun = ns.Start("timeout", "20", tcpdump, "-i", "tap0", "-U", "-c", "2", "-w", capture, filter);
            Thread.Sleep(500);
            ns.Start(keepalived, "-n", "-l", "-D", "-P", "-f", config, "-p", Path.Combine(dir.FullName, "k.pid"),
                "-r", Path.Combine(dir.FullName, "v.pid"));
            Assert.True(tcpdumpRun.WaitForExit(25_000), "tcpdump saw no adverts from keepalived");

            var packets = Pcap.ReadEthernet(File.ReadAllBytes(capture));
            Assert.Equal(2, packets.Count);
            foreach (var packet in packets)
            {
                Assert.Equal(255, packet.Ttl);
                var decoded = VrrpCodec.Decode(packet.Vrrp, packet.Source, packet.Destination);
                Assert.Equal(AdvertRejectReason.None, decoded.Reason);
                Assert.True(decoded.Advert!.SameAs(expected), $"decoded {decoded.Advert}, expected {expected}");
                Assert.Equal(packet.Vrrp, VrrpCodec.Encode(expected, packet.Source, packet.Destination));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
