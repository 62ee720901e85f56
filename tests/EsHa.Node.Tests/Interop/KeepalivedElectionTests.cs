using System.Diagnostics;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Interop;

/// <summary>Elections between `esha run` and keepalived 2.2.7 (VRRPv2, multicast): resignation with priority 0 both
/// ways, equal priorities decided by the higher address, and adverts EsHa must reject, recorded with the reason.</summary>
public sealed class KeepalivedElectionTests
{
    private const string Vip = "10.9.0.100";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static string Config(int priority, string extra = "") => $$"""
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int 1
            {{extra}}
            virtual_ipaddress {
                {{Vip}}/24
            }
        }
        """;

    private sealed class Pair : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esha-election-");

        public const int MetricsPort = 9650;

        public Pair(string keepalivedConfig, string eshaConfig, bool isolated = false, Func<Lab, bool>? startEshaWhen = null, bool metrics = false)
        {
            Lab = new Lab("ka", "es");
            if (isolated)
            {
                Lab.Ip("-n", Lab.Client, "link", "set", "v0", "type", "bridge_slave", "isolated", "on");
                Lab.Ip("-n", Lab.Client, "link", "set", "v1", "type", "bridge_slave", "isolated", "on");
            }

            File.WriteAllText(Path.Combine(_dir.FullName, "ka.conf"), keepalivedConfig);
            File.WriteAllText(Path.Combine(_dir.FullName, "es.conf"), eshaConfig);
            Journal = Path.Combine(_dir.FullName, "es.db");
            Keepalived = Lab.Start(Ka, Prerequisite.Tool("/usr/sbin/keepalived"), "-n", "-l", "-D", "-P", "-f", Path.Combine(_dir.FullName, "ka.conf"),
                "-p", Path.Combine(_dir.FullName, "k.pid"), "-r", Path.Combine(_dir.FullName, "v.pid"));
            if (startEshaWhen is not null)
            {
                Assert.True(Lab.WaitUntil(() => startEshaWhen(Lab), Patience), "the lab never got ready for esha");
            }

            StatusSocket = Path.Combine(_dir.FullName, "status.sock");
            Esha = Lab.StartEsha(Es, Path.Combine(_dir.FullName, "es.conf"), Journal, StatusSocket, metrics ? ["--metrics"] : []);
        }

        public Lab Lab { get; }

        public string Ka => Lab.Nodes[0];

        public string Es => Lab.Nodes[1];

        public Process Keepalived { get; }

        public Process Esha { get; }

        public string Journal { get; }

        public string StatusSocket { get; }

        public string EshaConfigPath => Path.Combine(_dir.FullName, "es.conf");

        public void Terminate(Process process)
        {
            Assert.Equal(0, Tools.Run("kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Code);
            Assert.True(process.WaitForExit(15_000), "did not stop on SIGTERM");
            process.WaitForExit(); // and its output read to the end
        }

        public List<Domain.Facts.Fact> Facts()
        {
            using var reader = new JournalReader(Journal);
            return reader.Range().Select(r => r.Fact).ToList();
        }

        public void Dispose()
        {
            Lab.Dispose();
            _dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void a_keepalived_master_that_stops_resigns_with_priority_0_and_esha_takes_over_at_once()
    {
        using var pair = new Pair(Config(100), Config(90));
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Ka, Vip) && !pair.Lab.Holds(pair.Es, Vip), Patience));
        pair.Terminate(pair.Keepalived);
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip), Patience));
        pair.Terminate(pair.Esha);

        // EsHa heard the priority 0 and went master after its skew time, not after a master-down interval.
        var facts = pair.Facts();
        var resigned = facts.OfType<MasterResigned>().Last();
        var master = facts.OfType<BecameMaster>().Last();
        Assert.Equal(MasterReason.MasterDownTimerExpired, master.Reason);
        Assert.InRange((master.At - resigned.At).TotalSeconds, 0.5, 1.0);
    }

    [Fact]
    public void an_esha_master_that_stops_resigns_with_priority_0_and_keepalived_takes_over()
    {
        using var pair = new Pair(Config(90), Config(100));
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience));
        pair.Terminate(pair.Esha);
        Assert.False(pair.Lab.Holds(pair.Es, Vip), "esha left its VIP behind");
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Ka, Vip), Patience));
        Assert.Contains(pair.Facts(), f => f is AdvertSent { Priority: 0, Reason: AdvertReason.Resigning });

        // keepalived took our priority 0 as a resignation (it then waits only its skew time, not Master_Down_Interval).
        pair.Terminate(pair.Keepalived);
        var log = pair.Lab.OutputOf(pair.Keepalived);
        Assert.Contains("(VI_1) Backup received priority 0 advertisement", log, StringComparison.Ordinal);
    }

    [Fact]
    public void equal_priorities_elect_the_higher_address_in_both_implementations()
    {
        // A backup accepts an equal-priority master whatever its address (RFC 3768 6.4.2), so the address decides only
        // between two masters: both start cut off from each other (isolated bridge ports, carrier up), then meet.
        // keepalived is 10.9.0.1, EsHa 10.9.0.2: EsHa must end up master, keepalived backup.
        using var pair = new Pair(Config(100), Config(100), isolated: true);
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && pair.Lab.Holds(pair.Ka, Vip), Patience), "both should be master apart");
        pair.Lab.Ip("-n", pair.Lab.Client, "link", "set", "v0", "type", "bridge_slave", "isolated", "off");
        pair.Lab.Ip("-n", pair.Lab.Client, "link", "set", "v1", "type", "bridge_slave", "isolated", "off");
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience));
        Thread.Sleep(3000);
        Assert.True(pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), "the election did not hold");
        pair.Terminate(pair.Esha);
        // EsHa, master throughout, never yielded (whether it saw one of keepalived's last adverts is a matter of timing).
        Assert.DoesNotContain(pair.Facts(), f => f is BecameBackup { From: VrrpRole.Master });
    }

    [Theory]
    [InlineData("password", AdvertRejectReason.AuthenticationMismatch, "wrong password")]
    [InlineData("vrid", AdvertRejectReason.VridMismatch, "VRID 52, ours is 51")]
    public void adverts_with_another_password_or_vrid_are_rejected_with_the_reason_and_journaled(string mismatch, AdvertRejectReason reason, string detail)
    {
        var auth = "authentication {\n        auth_type PASS\n        auth_pass right\n    }";
        var keepalived = mismatch == "password"
            ? Config(100, auth.Replace("right", "wrong", StringComparison.Ordinal))
            : Config(100, auth).Replace("virtual_router_id 51", "virtual_router_id 52", StringComparison.Ordinal);
        using var pair = new Pair(keepalived, Config(90, auth), metrics: true);
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Ka, Vip), Patience));

        // Neither accepts the other: both end up master (that is what a mismatch does).
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip), Patience));

        // Counted by reason on the Prometheus endpoint (esha run --metrics, on the namespace's loopback).
        string? metrics = null;
        Assert.True(Lab.WaitUntil(() => (metrics = Lab.HttpGet(pair.Es, Pair.MetricsPort, "/metrics"))?.Contains($"reason=\"{reason}\"", StringComparison.Ordinal) == true, Patience),
            $"no rejection by reason {reason} in the metrics:\n{metrics}");
        var rejections = metrics!.Split('\n').Single(l => l.StartsWith("esha_vrrp_adverts_rejected_total{", StringComparison.Ordinal) && l.Contains($"reason=\"{reason}\"", StringComparison.Ordinal));
        Assert.True(long.Parse(rejections[(rejections.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) > 0, rejections);
        Assert.Matches(@"(?m)^esha_vrrp_state\{[^}]*instance=""VI_1""[^}]*\} 2$", metrics);
        Assert.Matches(@"(?m)^esha_vrrp_effective_priority\{[^}]*instance=""VI_1""[^}]*\} 90$", metrics);
        pair.Terminate(pair.Esha);
        var rejected = pair.Facts().OfType<AdvertRejected>().ToList();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.Equal(reason, r.Reason));
        Assert.Contains(detail, rejected[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void a_vip_deleted_by_hand_on_the_esha_master_is_journaled_as_drift_and_put_back()
    {
        var fifo = Path.Combine(Path.GetTempPath(), $"esha-fifo-{Guid.NewGuid():N}");
        using var pair = new Pair(Config(90), $"global_defs {{\n    notify_fifo {fifo}\n}}\n" + Config(100));
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience));

        // The notify FIFO got keepalived's lines (the daemon created it and holds it open, so this open does not wait).
        using (var reader = new FileStream(fifo, FileMode.Open, FileAccess.Read))
        {
            var buffer = new byte[4096];
            var lines = System.Text.Encoding.UTF8.GetString(buffer, 0, reader.Read(buffer)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["INSTANCE \"VI_1\" BACKUP 100", "INSTANCE \"VI_1\" MASTER 100"], lines);
        }

        File.Delete(fifo);

        // `esha status` asks the running node.
        var status = Tools.RunSeparately("dotnet", Path.Combine(AppContext.BaseDirectory, "esha.dll"), "status", "--socket", pair.StatusSocket);
        Assert.True(status.Code == 0, status.Err);
        Assert.Contains("VI_1 (vrid 51): MASTER, priority 100", status.Out, StringComparison.Ordinal);
        Assert.Contains("became MASTER from Backup: master down timer expired", status.Out, StringComparison.Ordinal);
        pair.Lab.Ip("-n", pair.Es, "addr", "del", $"{Vip}/24", "dev", "eth0");
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip), Patience), "the VIP was not put back");

        // Its own link going down takes it to FAULT (keepalived's netlink watch), and keepalived takes over.
        pair.Lab.Ip("-n", pair.Es, "link", "set", "eth0", "down");
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Ka, Vip), Patience));
        pair.Terminate(pair.Esha);
        var facts = pair.Facts();
        Assert.Contains(facts, f => f is VipDriftFound { Present: false } d && d.Address.ToString() == Vip);
        Assert.Contains(facts, f => f is EnteredFault { Reason: FaultReason.InterfaceDown, From: VrrpRole.Master });
        Assert.False(pair.Lab.Holds(pair.Es, Vip), "a node in FAULT keeps no VIP");
    }

    [Fact]
    public void sighup_with_a_higher_priority_journals_the_change_and_esha_preempts_keepalived()
    {
        using var pair = new Pair(Config(100), Config(90));
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Ka, Vip) && !pair.Lab.Holds(pair.Es, Vip), Patience));
        File.WriteAllText(pair.EshaConfigPath, Config(110));
        Assert.Equal(0, Tools.Run("kill", "-HUP", pair.Esha.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Code);
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience), "esha did not preempt after the reload");
        pair.Terminate(pair.Esha);
        var facts = pair.Facts();
        var reload = facts.OfType<Domain.Facts.ConfigLoaded>().Last();
        Assert.Contains(reload.Changes, c => c.Contains("priority 90 -> 110", StringComparison.Ordinal));
        Assert.Contains(facts, f => f is PriorityChanged { From: 90, To: 110 });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void a_higher_priority_esha_preempts_keepalived_after_its_preempt_delay_and_never_with_nopreempt(bool nopreempt)
    {
        // keepalived (90) is master before EsHa (100) starts.
        using var pair = new Pair(Config(90), Config(100, nopreempt ? "nopreempt" : "preempt_delay 4"),
            startEshaWhen: lab => lab.Holds(lab.Nodes[0], Vip));
        if (nopreempt)
        {
            Thread.Sleep(10_000);
            Assert.True(pair.Lab.Holds(pair.Ka, Vip) && !pair.Lab.Holds(pair.Es, Vip), "nopreempt: esha took the VIP");
            pair.Terminate(pair.Esha);
            Assert.DoesNotContain(pair.Facts(), f => f is BecameMaster);
            return;
        }

        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience), "esha never preempted");
        pair.Terminate(pair.Esha);
        var facts = pair.Facts();
        var delay = facts.OfType<PreemptDelayStarted>().First();
        var master = facts.OfType<BecameMaster>().First();
        Assert.True(master.At - delay.At >= TimeSpan.FromSeconds(4), $"preempted {(master.At - delay.At).TotalSeconds:0.00} s after the delay began");
    }

    [Fact]
    public void a_failing_vrrp_script_lowers_the_esha_master_below_keepalived_which_takes_over_and_recovery_brings_it_back()
    {
        var flag = Path.Combine(Path.GetTempPath(), $"esha-chk-{Guid.NewGuid():N}");
        File.WriteAllText(flag, "");
        try
        {
            var script = $"vrrp_script chk_flag {{\n    script \"/usr/bin/test -e {flag}\"\n    interval 1\n    weight -20\n}}\n";
            using var pair = new Pair(Config(90), script + Config(100, "track_script {\n        chk_flag\n    }"));
            Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience));

            // The check fails: 100 - 20 = 80 < 90, and keepalived (which preempts) takes the VIP.
            File.Delete(flag);
            Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Ka, Vip) && !pair.Lab.Holds(pair.Es, Vip), Patience), "keepalived never took over");

            // It passes again: 100 > 90, and EsHa preempts back.
            File.WriteAllText(flag, "");
            Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience), "esha never came back");
            pair.Terminate(pair.Esha);
            var facts = pair.Facts();
            Assert.Contains(facts, f => f is TrackerUpdated { Kind: TrackerKind.Script, Name: "chk_flag", Value: 0 });
            Assert.Contains(facts, f => f is PriorityChanged { From: 100, To: 80 });
            Assert.Contains(facts, f => f is BecameBackup { Reason: BackupReason.HigherPriorityMaster, MasterPriority: 90 });
            Assert.Contains(facts, f => f is PriorityChanged { From: 80, To: 100 });
        }
        finally
        {
            File.Delete(flag);
        }
    }

    [Fact]
    public void a_tracked_interface_going_down_puts_the_esha_master_in_fault_and_keepalived_takes_over()
    {
        // The node's own loopback is the tracked interface (weight 0: FAULT while it is down).
        using var pair = new Pair(Config(90), Config(100, "track_interface {\n        lo\n    }"));
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience));
        pair.Lab.Ip("-n", pair.Es, "link", "set", "lo", "down");
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Ka, Vip) && !pair.Lab.Holds(pair.Es, Vip), Patience), "keepalived never took over");
        pair.Lab.Ip("-n", pair.Es, "link", "set", "lo", "up");
        Assert.True(Lab.WaitUntil(() => pair.Lab.Holds(pair.Es, Vip) && !pair.Lab.Holds(pair.Ka, Vip), Patience), "esha never came back");
        pair.Terminate(pair.Esha);
        var facts = pair.Facts();
        Assert.Contains(facts, f => f is EnteredFault { Reason: FaultReason.TrackerDown, From: VrrpRole.Master });
        Assert.Contains(facts, f => f is BecameBackup { Reason: BackupReason.TrackersUp });
    }
}
