using System.Diagnostics;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Interop;

/// <summary>
/// `esha run` and Debian's keepalived 2.2.7 in one VRID (VRRPv2 and v3, IPv4 and IPv6), on a LAN of namespaces with
/// a client: whoever is master holds the VIP and answers the client; when the master's link goes down the other takes
/// over. Asserted on facts (who holds the VIP, who answers the client, what EsHa journaled), with generous timeouts.
/// </summary>
public sealed class KeepalivedInteropTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private const string Vip4 = "10.9.0.100/24";

    /// <summary>VRRPv3 over IPv6: adverts from link-local addresses to ff02::12 with hop limit 255 (keepalived drops
    /// anything else), the VIP moved with unsolicited neighbour advertisements.</summary>
    private const string Vip6 = "fd00:9::100/64";

    public static TheoryData<string, string, string> Variants => new()
    {
        { "v2 multicast", "advert_int 1", Vip4 },
        { "v2 multicast PASS", "advert_int 1\n    authentication {\n        auth_type PASS\n        auth_pass s3cret\n    }", Vip4 },
        { "v2 unicast PASS", "advert_int 1\n    authentication {\n        auth_type PASS\n        auth_pass s3cret\n    }\n    unicast_peer {\n        PEER\n    }", Vip4 },
        { "v3 multicast", "version 3\n    advert_int 1", Vip4 },
        { "v3 unicast", "version 3\n    advert_int 1\n    unicast_peer {\n        PEER\n    }", Vip4 },
        { "v3 IPv6 multicast", "advert_int 1", Vip6 },
    };

    private static string Config(int priority, string variant, string peer, string vip) => $$"""
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            {{variant.Replace("PEER", peer, StringComparison.Ordinal)}}
            virtual_ipaddress {
                {{vip}}
            }
        }
        """;

    [Theory]
    [MemberData(nameof(Variants))]
    public void esha_takes_the_vip_from_a_keepalived_master_whose_link_goes_down_and_answers_the_client(string name, string variant, string vip)
    {
        Run(name, variant, vip, eshaPriority: 90, keepalivedPriority: 100);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void keepalived_takes_the_vip_from_an_esha_master_whose_link_goes_down(string name, string variant, string vip)
    {
        Run(name, variant, vip, eshaPriority: 100, keepalivedPriority: 90);
    }

    private static void Run(string name, string variant, string vipCidr, int eshaPriority, int keepalivedPriority)
    {
        var vip = vipCidr.Split('/')[0];
        var ipv6 = vip.Contains(':', StringComparison.Ordinal);
        var keepalived = Prerequisite.Tool("/usr/sbin/keepalived");
        using var lab = new Lab("ka", "es");
        var (ka, es) = (lab.Nodes[0], lab.Nodes[1]);
        var dir = Directory.CreateTempSubdirectory("esha-interop-");
        Process? esha = null;
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "ka.conf"), Config(keepalivedPriority, variant, Lab.Address(1), vipCidr));
            File.WriteAllText(Path.Combine(dir.FullName, "es.conf"), Config(eshaPriority, variant, Lab.Address(0), vipCidr));
            var journal = Path.Combine(dir.FullName, "es.db");
            var keepalivedProcess = lab.Start(ka, keepalived, "-n", "-l", "-D", "-P", "-f", Path.Combine(dir.FullName, "ka.conf"),
                "-p", Path.Combine(dir.FullName, "k.pid"), "-r", Path.Combine(dir.FullName, "v.pid"));
            esha = lab.StartEsha(es, Path.Combine(dir.FullName, "es.conf"), journal, Path.Combine(dir.FullName, "status.sock"));
            using var servedByKa = lab.Serve(ka, 8080, "keepalived's node");
            using var servedByEs = lab.Serve(es, 8080, "esha's node");

            var (master, backup, masterGreeting, backupGreeting) = eshaPriority > keepalivedPriority
                ? (es, ka, "esha's node", "keepalived's node")
                : (ka, es, "keepalived's node", "esha's node");
            // The first to start may be master for a moment; the higher priority preempts it (RFC 3768 6.4.2).
            Assert.True(Lab.WaitUntil(() => lab.Holds(master, vip) && !lab.Holds(backup, vip), Patience),
                $"{name}: the higher priority never held the VIP alone\n{lab.OutputOf(keepalivedProcess)}");
            Assert.Equal(masterGreeting, lab.ClientReads(vip, 8080));

            // The master's link goes down: the backup takes over and the client reaches it at the same address.
            lab.Ip("-n", master, "link", "set", "eth0", "down");
            Assert.True(Lab.WaitUntil(() => lab.Holds(backup, vip), Patience), $"{name}: the backup never took the VIP");
            Assert.True(Lab.WaitUntil(() => lab.ClientReads(vip, 8080) == backupGreeting, Patience), $"{name}: the client never reached the new master");
            Assert.Equal(lab.Mac(backup), lab.ClientNeighbour(vip));

            // A clean stop of EsHa: its journal says what happened, ends with the stop, and verifies.
            Assert.True(Tools.Run("kill", "-TERM", esha.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Code == 0);
            Assert.True(esha.WaitForExit(15_000), "esha did not stop on SIGTERM");
            Assert.True(JournalVerifier.Verify(journal).Intact);
            using var reader = new JournalReader(journal);
            var facts = reader.Range().Select(r => r.Fact).ToList();
            Assert.IsType<NodeStopped>(facts[^1]);
            Assert.Contains(facts, f => f is BecameMaster { Reason: MasterReason.MasterDownTimerExpired });
            if (eshaPriority < keepalivedPriority)
            {
                // keepalived's adverts, decoded and taken, before its link went down: from its address, or over IPv6
                // from its link-local address, VRRPv3 with hop limit 255.
                bool FromKeepalived(System.Net.IPAddress source) => ipv6 ? source.IsIPv6LinkLocal : source.ToString() == Lab.Address(0);
                Assert.Contains(facts, f => f is AdvertReceived a && FromKeepalived(a.Source));
                Assert.Contains(facts, f => f is MasterAdvertAccepted a && FromKeepalived(a.Source) && a.Priority == keepalivedPriority);
                if (ipv6)
                {
                    var advert = facts.OfType<AdvertReceived>().First();
                    Assert.Equal(255, advert.Ttl);
                    Assert.Equal(3, advert.Advert.Version);
                }
            }
            else
            {
                Assert.Contains(facts, f => f is AdvertSent { Priority: 100 });
            }
        }
        finally
        {
            if (esha is { HasExited: false })
            {
                esha.Kill(entireProcessTree: true);
            }

            dir.Delete(recursive: true);
        }
    }
}
