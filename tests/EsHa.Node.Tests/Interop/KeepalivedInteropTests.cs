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
/// `esha run` and Debian's keepalived 2.2.7 in one VRID, on a LAN of namespaces with a client: whoever is master
/// holds the VIP and answers the client; when the master's link goes down the other takes over. Asserted on facts
/// (who holds the VIP, who answers the client, what EsHa journaled), with generous timeouts.
/// </summary>
public sealed class KeepalivedInteropTests
{
    private const string Vip = "10.9.0.100";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static TheoryData<string, string> Variants => new()
    {
        { "v2 multicast", "advert_int 1" },
        { "v2 multicast PASS", "advert_int 1\n    authentication {\n        auth_type PASS\n        auth_pass s3cret\n    }" },
        { "v2 unicast PASS", "advert_int 1\n    authentication {\n        auth_type PASS\n        auth_pass s3cret\n    }\n    unicast_peer {\n        PEER\n    }" },
        { "v3 multicast", "version 3\n    advert_int 1" },
        { "v3 unicast", "version 3\n    advert_int 1\n    unicast_peer {\n        PEER\n    }" },
    };

    private static string Config(int priority, string variant, string peer) => $$"""
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            {{variant.Replace("PEER", peer, StringComparison.Ordinal)}}
            virtual_ipaddress {
                {{Vip}}/24
            }
        }
        """;

    [Theory]
    [MemberData(nameof(Variants))]
    public void esha_takes_the_vip_from_a_keepalived_master_whose_link_goes_down_and_answers_the_client(string name, string variant)
    {
        Run(name, variant, eshaPriority: 90, keepalivedPriority: 100);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void keepalived_takes_the_vip_from_an_esha_master_whose_link_goes_down(string name, string variant)
    {
        Run(name, variant, eshaPriority: 100, keepalivedPriority: 90);
    }

    private static void Run(string name, string variant, int eshaPriority, int keepalivedPriority)
    {
        var keepalived = Prerequisite.Tool("/usr/sbin/keepalived");
        using var lab = new Lab("ka", "es");
        var (ka, es) = (lab.Nodes[0], lab.Nodes[1]);
        var dir = Directory.CreateTempSubdirectory("esha-interop-");
        Process? esha = null;
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "ka.conf"), Config(keepalivedPriority, variant, Lab.Address(1)));
            File.WriteAllText(Path.Combine(dir.FullName, "es.conf"), Config(eshaPriority, variant, Lab.Address(0)));
            var journal = Path.Combine(dir.FullName, "es.db");
            lab.Start(ka, keepalived, "-n", "-l", "-D", "-P", "-f", Path.Combine(dir.FullName, "ka.conf"),
                "-p", Path.Combine(dir.FullName, "k.pid"), "-r", Path.Combine(dir.FullName, "v.pid"));
            esha = lab.Start(es, "dotnet", Path.Combine(AppContext.BaseDirectory, "esha.dll"), "run", "-f", Path.Combine(dir.FullName, "es.conf"),
                "--journal", journal, "--node", "es", "--status-socket", Path.Combine(dir.FullName, "status.sock"));
            using var servedByKa = lab.Serve(ka, 8080, "keepalived's node");
            using var servedByEs = lab.Serve(es, 8080, "esha's node");

            var (master, backup, masterGreeting, backupGreeting) = eshaPriority > keepalivedPriority
                ? (es, ka, "esha's node", "keepalived's node")
                : (ka, es, "keepalived's node", "esha's node");
            // The first to start may be master for a moment; the higher priority preempts it (RFC 3768 6.4.2).
            Assert.True(Lab.WaitUntil(() => lab.Holds(master, Vip) && !lab.Holds(backup, Vip), Patience),
                $"{name}: the higher priority never held the VIP alone");
            Assert.Equal(masterGreeting, lab.ClientReads(Vip, 8080));

            // The master's link goes down: the backup takes over and the client reaches it at the same address.
            lab.Ip("-n", master, "link", "set", "eth0", "down");
            Assert.True(Lab.WaitUntil(() => lab.Holds(backup, Vip), Patience), $"{name}: the backup never took the VIP");
            Assert.True(Lab.WaitUntil(() => lab.ClientReads(Vip, 8080) == backupGreeting, Patience), $"{name}: the client never reached the new master");
            Assert.Equal(lab.Mac(backup), lab.ClientNeighbour(Vip));

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
                // keepalived's adverts, decoded and taken, before its link went down.
                Assert.Contains(facts, f => f is AdvertReceived a && a.Source.ToString() == Lab.Address(0));
                Assert.Contains(facts, f => f is MasterAdvertAccepted a && a.Source.ToString() == Lab.Address(0) && a.Priority == keepalivedPriority);
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
