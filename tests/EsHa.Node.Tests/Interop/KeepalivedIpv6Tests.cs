using System.Diagnostics;
using System.Globalization;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Interop;

/// <summary>
/// VRRPv3 over IPv6 between `esha run` and Debian's keepalived 2.2.7 in one VRID: adverts from link-local addresses
/// to ff02::12 with hop limit 255 (keepalived drops anything else), the VIP moved with unsolicited neighbour
/// advertisements. Whoever is master holds the VIP and answers the client; when its link goes down the other takes
/// over, both ways.
/// </summary>
public sealed class KeepalivedIpv6Tests
{
    private const string Vip = "fd00:9::100";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static string Config(int priority) => $$"""
        vrrp_instance VI_6 {
            state BACKUP
            interface eth0
            virtual_router_id 61
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                {{Vip}}/64
            }
        }
        """;

    [Theory]
    [InlineData(90, 100)]
    [InlineData(100, 90)]
    public void over_ipv6_the_backup_takes_the_vip_when_the_master_link_goes_down_and_answers_the_client(int eshaPriority, int keepalivedPriority)
    {
        var keepalived = Prerequisite.Tool("/usr/sbin/keepalived");
        using var lab = new Lab("ka", "es");
        var (ka, es) = (lab.Nodes[0], lab.Nodes[1]);
        var dir = Directory.CreateTempSubdirectory("esha-ipv6-");
        Process? esha = null;
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "ka.conf"), Config(keepalivedPriority));
            File.WriteAllText(Path.Combine(dir.FullName, "es.conf"), Config(eshaPriority));
            var journal = Path.Combine(dir.FullName, "es.db");
            var keepalivedProcess = lab.Start(ka, keepalived, "-n", "-l", "-D", "-P", "-f", Path.Combine(dir.FullName, "ka.conf"),
                "-p", Path.Combine(dir.FullName, "k.pid"), "-r", Path.Combine(dir.FullName, "v.pid"));
            esha = lab.Start(es, "dotnet", Path.Combine(AppContext.BaseDirectory, "esha.dll"), "run", "-f", Path.Combine(dir.FullName, "es.conf"),
                "--journal", journal, "--node", "es", "--status-socket", Path.Combine(dir.FullName, "status.sock"));
            using var servedByKa = lab.Serve(ka, 8080, "keepalived's node");
            using var servedByEs = lab.Serve(es, 8080, "esha's node");
            var eshaMaster = eshaPriority > keepalivedPriority;
            var (master, backup, backupGreeting) = eshaMaster ? (es, ka, "keepalived's node") : (ka, es, "esha's node");

            Assert.True(Lab.WaitUntil(() => lab.Holds(master, Vip) && !lab.Holds(backup, Vip), Patience),
                $"the higher priority never held the VIP alone\n{lab.OutputOf(keepalivedProcess)}");
            Assert.Equal(eshaMaster ? "esha's node" : "keepalived's node", lab.ClientReads(Vip, 8080));

            lab.Ip("-n", master, "link", "set", "eth0", "down");
            Assert.True(Lab.WaitUntil(() => lab.Holds(backup, Vip), Patience), "the backup never took the VIP");
            Assert.True(Lab.WaitUntil(() => lab.ClientReads(Vip, 8080) == backupGreeting, Patience), "the client never reached the new master");
            Assert.Equal(lab.Mac(backup), lab.ClientNeighbour(Vip));

            Assert.Equal(0, Tools.Run("kill", "-TERM", esha.Id.ToString(CultureInfo.InvariantCulture)).Code);
            Assert.True(esha.WaitForExit(15_000), "esha did not stop on SIGTERM");
            Assert.True(JournalVerifier.Verify(journal).Intact);
            using var reader = new JournalReader(journal);
            var facts = reader.Range().Select(r => r.Fact).ToList();
            Assert.Contains(facts, f => f is BecameMaster { Reason: MasterReason.MasterDownTimerExpired });
            if (!eshaMaster)
            {
                // keepalived's adverts: VRRPv3 from its link-local address, with hop limit 255, taken as the master's.
                var accepted = facts.OfType<AdvertReceived>().First();
                Assert.True(accepted.Source.IsIPv6LinkLocal, $"advert from {accepted.Source}");
                Assert.Equal(255, accepted.Ttl);
                Assert.Equal(3, accepted.Advert.Version);
                Assert.Contains(facts, f => f is MasterAdvertAccepted { Priority: 100 } a && a.Source.IsIPv6LinkLocal);
            }
            else
            {
                // keepalived stayed backup while we were master (the VIP was ours alone): it took our adverts.
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
