using System.Globalization;
using System.Net.Sockets;
using System.Text;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Facts;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Host;

/// <summary>
/// `esha run` as systemd runs it (Type=notify): READY=1 on the notify socket once VRRP is up, STOPPING=1 at the clean
/// stop; SIGUSR1 writes the state. systemd is not PID 1 here, so the test plays its part: it binds the notify socket
/// and starts the daemon from a shell named "systemd" (a service knows systemd started it by its parent's name).
/// </summary>
public sealed class DaemonTests
{
    private const string Config = """
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            virtual_ipaddress {
                10.9.0.100/24
            }
        }
        """;

    [Fact]
    public void under_systemd_the_node_says_ready_once_running_and_stopping_at_a_clean_stop_and_dumps_its_state_on_sigusr1()
    {
        using var lab = new Lab("es");
        var dir = Directory.CreateTempSubdirectory("esha-daemon-");
        try
        {
            var config = Path.Combine(dir.FullName, "es.conf");
            File.WriteAllText(config, Config);
            var notifyPath = Path.Combine(dir.FullName, "notify.sock");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
            notify.ReceiveTimeout = 30_000;
            var journal = Path.Combine(dir.FullName, "es.db");
            var dump = Path.Combine(dir.FullName, "state.data");
            var systemd = Path.Combine(dir.FullName, "systemd");
            File.Copy("/bin/sh", systemd);
            var parent = lab.Start(lab.Nodes[0], systemd, "-c",
                $"NOTIFY_SOCKET={notifyPath} dotnet {Path.Combine(AppContext.BaseDirectory, "esha.dll")} run -f {config} " +
                $"--journal {journal} --node es --status-socket {Path.Combine(dir.FullName, "status.sock")} --state-dump {dump}");

            Assert.Contains("READY=1", Receive(notify), StringComparison.Ordinal);
            var esha = System.Diagnostics.Process.GetProcessById(int.Parse(
                File.ReadAllText($"/proc/{parent.Id}/task/{parent.Id}/children").Trim(), CultureInfo.InvariantCulture));
            Assert.True(Lab.WaitUntil(() => lab.Holds(lab.Nodes[0], "10.9.0.100"), TimeSpan.FromSeconds(20)), "never became master");

            Assert.Equal(0, Tools.Run("kill", "-USR1", esha.Id.ToString(CultureInfo.InvariantCulture)).Code);
            Assert.True(Lab.WaitUntil(() => File.Exists(dump) && File.ReadAllText(dump).Contains("\"state\": \"MASTER\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10)),
                $"no state dump with MASTER in {dump}");

            Assert.Equal(0, Tools.Run("kill", "-TERM", esha.Id.ToString(CultureInfo.InvariantCulture)).Code);
            Assert.Contains("STOPPING=1", Receive(notify), StringComparison.Ordinal);
            Assert.True(parent.WaitForExit(15_000), "did not stop on SIGTERM");
            parent.WaitForExit();
            Assert.Equal(0, parent.ExitCode); // the shell's exit code is esha's
            Assert.False(lab.Holds(lab.Nodes[0], "10.9.0.100"), "the VIP stayed after the clean stop");
            using var reader = new JournalReader(journal);
            Assert.IsType<NodeStopped>(reader.Range().Last().Fact);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void vips_left_on_the_interface_by_an_earlier_run_are_journaled_and_removed_at_start_as_keepalived_does()
    {
        using var lab = new Lab("es");
        var node = lab.Nodes[0];
        var dir = Directory.CreateTempSubdirectory("esha-leftover-");
        try
        {
            // A crash left the VIP behind; the restarted node waits as backup (advert_int 3: about 10 s) before it may
            // take it again, and in that time nobody here must answer for it.
            var config = Path.Combine(dir.FullName, "es.conf");
            File.WriteAllText(config, Config.Replace("advert_int 1", "advert_int 3", StringComparison.Ordinal));
            lab.Ip("-n", node, "addr", "add", "10.9.0.100/24", "dev", "eth0");
            var journal = Path.Combine(dir.FullName, "es.db");
            var esha = lab.StartEsha(node, config, journal, Path.Combine(dir.FullName, "status.sock"));

            Assert.True(Lab.WaitUntil(() => !lab.Holds(node, "10.9.0.100"), TimeSpan.FromSeconds(8)), "the leftover VIP stayed");
            Assert.True(Lab.WaitUntil(() => lab.Holds(node, "10.9.0.100"), TimeSpan.FromSeconds(20)), "never became master afterwards");

            // Read once the node has stopped: a running node's journal is written in the background.
            Assert.Equal(0, Tools.Run("kill", "-TERM", esha.Id.ToString(CultureInfo.InvariantCulture)).Code);
            Assert.True(esha.WaitForExit(15_000), "did not stop on SIGTERM");
            using var reader = new JournalReader(journal);
            var facts = reader.Range().Select(r => r.Fact).ToList();
            var leftover = Assert.Single(facts.OfType<Domain.Vrrp.LeftoverVipsFound>());
            Assert.Equal("10.9.0.100", Assert.Single(leftover.Addresses).ToString());
            var removed = facts.FindIndex(f => f is Domain.Vrrp.AddressChanged { Present: false } a && a.Address.ToString() == "10.9.0.100");
            var master = facts.FindIndex(f => f is Domain.Vrrp.BecameMaster);
            Assert.True(removed > facts.IndexOf(leftover) && removed < master, "the kernel's removal of the VIP was not journaled between start and master");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void a_track_file_holding_a_non_zero_number_with_weight_0_puts_the_master_in_fault_and_zero_brings_it_back()
    {
        using var lab = new Lab("es");
        var node = lab.Nodes[0];
        var dir = Directory.CreateTempSubdirectory("esha-trackfile-");
        try
        {
            var flag = Path.Combine(dir.FullName, "maintenance");
            var config = Path.Combine(dir.FullName, "es.conf");
            File.WriteAllText(config, $"track_file maintenance {{\n    file {flag}\n    weight 0\n    init_file 0\n}}\n"
                + Config.Replace("    advert_int 1", "    advert_int 1\n    track_file {\n        maintenance\n    }", StringComparison.Ordinal));
            var journal = Path.Combine(dir.FullName, "es.db");
            var esha = lab.StartEsha(node, config, journal, Path.Combine(dir.FullName, "status.sock"));

            Assert.True(Lab.WaitUntil(() => lab.Holds(node, "10.9.0.100"), TimeSpan.FromSeconds(20)), "never became master");
            Assert.Equal("0\n", File.ReadAllText(flag)); // init_file wrote its value
            File.WriteAllText(flag, "1\n");
            Assert.True(Lab.WaitUntil(() => !lab.Holds(node, "10.9.0.100"), TimeSpan.FromSeconds(10)), "a non-zero track_file did not fault the master");
            File.WriteAllText(flag, "0\n");
            Assert.True(Lab.WaitUntil(() => lab.Holds(node, "10.9.0.100"), TimeSpan.FromSeconds(20)), "zero again did not bring it back");

            Assert.Equal(0, Tools.Run("kill", "-TERM", esha.Id.ToString(CultureInfo.InvariantCulture)).Code);
            Assert.True(esha.WaitForExit(15_000), "did not stop on SIGTERM");
            using var reader = new JournalReader(journal);
            var facts = reader.Range().Select(r => r.Fact).ToList();
            Assert.Contains(facts, f => f is Domain.Vrrp.TrackerChanged { Kind: Domain.Vrrp.TrackerKind.File, Name: "maintenance", Value: 1 });
            Assert.Contains(facts, f => f is Domain.Vrrp.EnteredFault { Reason: Domain.Vrrp.FaultReason.TrackerDown });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void the_notify_fifo_script_reads_keepalived_s_lines_from_the_fifo_and_the_fifo_goes_at_the_stop()
    {
        using var lab = new Lab("es");
        var dir = Directory.CreateTempSubdirectory("esha-fifo-");
        try
        {
            var fifo = Path.Combine(dir.FullName, "notify.fifo");
            var lines = Path.Combine(dir.FullName, "lines");
            var reader = Path.Combine(dir.FullName, "reader.sh");
            File.WriteAllText(reader, $"#!/bin/sh\nwhile read line; do echo \"$line\" >> {lines}; done < \"$1\"\necho end >> {lines}\n");
            File.SetUnixFileMode(reader, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var config = Path.Combine(dir.FullName, "es.conf");
            File.WriteAllText(config, $"global_defs {{\n    notify_fifo {fifo}\n    notify_fifo_script {reader}\n}}\n" + Config);
            var esha = lab.StartEsha(lab.Nodes[0], config, Path.Combine(dir.FullName, "es.db"), Path.Combine(dir.FullName, "status.sock"));

            // The script was started with the FIFO's path as its last argument and got the lines keepalived writes.
            Assert.True(Lab.WaitUntil(() => File.Exists(lines) && File.ReadAllText(lines).Contains("INSTANCE \"VI_1\" MASTER 100", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20)), "the fifo script never read MASTER");
            Assert.StartsWith("INSTANCE \"VI_1\" BACKUP 100\n", File.ReadAllText(lines), StringComparison.Ordinal);

            Assert.Equal(0, Tools.Run("kill", "-TERM", esha.Id.ToString(CultureInfo.InvariantCulture)).Code);
            Assert.True(esha.WaitForExit(15_000), "did not stop on SIGTERM");
            Assert.False(File.Exists(fifo), "the FIFO esha created is still there");
            Assert.True(Lab.WaitUntil(() => File.ReadAllText(lines).EndsWith("end\n", StringComparison.Ordinal), TimeSpan.FromSeconds(5)),
                "the fifo script never saw the end of the FIFO");
            Assert.Contains("INSTANCE \"VI_1\" STOP 100", File.ReadAllText(lines), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void an_instance_s_notify_scripts_run_in_order_even_when_one_is_slow()
    {
        using var lab = new Lab("es");
        var dir = Directory.CreateTempSubdirectory("esha-notify-");
        try
        {
            var log = Path.Combine(dir.FullName, "log");
            var notify = Path.Combine(dir.FullName, "notify.sh");
            // MASTER takes two seconds to finish; the stop comes right after it started.
            File.WriteAllText(notify, $"#!/bin/sh\n[ \"$1\" = master ] && sleep 2\necho \"$1\" >> {log}\n");
            File.SetUnixFileMode(notify, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var config = Path.Combine(dir.FullName, "es.conf");
            File.WriteAllText(config, Config.Replace("    advert_int 1", $"    advert_int 1\n    notify_master \"{notify} master\"\n    notify_stop \"{notify} stop\"",
                StringComparison.Ordinal));
            var esha = lab.StartEsha(lab.Nodes[0], config, Path.Combine(dir.FullName, "es.db"), Path.Combine(dir.FullName, "status.sock"));
            Assert.True(Lab.WaitUntil(() => lab.Holds(lab.Nodes[0], "10.9.0.100"), TimeSpan.FromSeconds(20)), "never became master");

            Assert.Equal(0, Tools.Run("kill", "-TERM", esha.Id.ToString(CultureInfo.InvariantCulture)).Code);
            Assert.True(esha.WaitForExit(15_000), "did not stop on SIGTERM");
            Assert.True(Lab.WaitUntil(() => File.Exists(log) && File.ReadAllLines(log).Length == 2, TimeSpan.FromSeconds(10)), "not both notifies ran");
            Assert.Equal(["master", "stop"], File.ReadAllLines(log));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
