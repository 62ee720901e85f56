using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace EsHa.Bench.Failover;

/// <summary>
/// The client-visible outage when a master fails, with keepalived as the master and, in alternate runs of the same
/// round, keepalived or EsHa as the backup that must take over. Four cases: the master's link cut and the master
/// stopped gracefully (SIGTERM → priority 0), with VRRPv2 advert_int 1 and VRRPv3 advert_int 0.1; backup priority 90.
/// </summary>
internal static class FailoverRig
{
    private const string Vip = "10.9.0.100";
    private const int Port = 7000;

    private sealed record Case(string Name, string Protocol, bool Graceful);

    private static readonly Case[] Cases =
    [
        new("link cut, v2 advert_int 1", "advert_int 1", Graceful: false),
        new("graceful stop, v2 advert_int 1", "advert_int 1", Graceful: true),
        new("link cut, v3 advert_int 0.1", "version 3\n    advert_int 0.1", Graceful: false),
        new("graceful stop, v3 advert_int 0.1", "version 3\n    advert_int 0.1", Graceful: true),
    ];

    /// <summary>ESHA_FAILOVER_CASES="v3" keeps the cases whose name contains it.</summary>
    private static IEnumerable<Case> Selected => Cases.Where(c => c.Name.Contains(Environment.GetEnvironmentVariable("ESHA_FAILOVER_CASES") ?? "", StringComparison.Ordinal));

    public static void Run(int rounds, string esha, string keepalived)
    {
        Console.WriteLine($"failover rig: keepalived master (100) and a backup (90) that is keepalived or EsHa, alternating; {rounds} rounds; client probes TCP every 5 ms");
        var results = Cases.ToDictionary(c => c, _ => (Keepalived: new List<double>(), Esha: new List<double>()));
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var @case in Selected)
            {
                // Alternate who goes first, so that neither always runs on a warmer machine.
                var order = round % 2 == 1 ? new[] { false, true } : [true, false];
                foreach (var eshaBackup in order)
                {
                    var outage = Measure(@case, eshaBackup, esha, keepalived);
                    (eshaBackup ? results[@case].Esha : results[@case].Keepalived).Add(outage);
                    Console.WriteLine($"  round {round} {@case.Name,-34} backup {(eshaBackup ? "esha" : "keepalived"),-10} outage {outage,7:F0} ms");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"case",-34} {"keepalived",12} {"esha",12} {"ratio",7}   (medians of {rounds}; goal esha <= 1.00 x keepalived)");
        foreach (var @case in Selected)
        {
            var (k, e) = (Median(results[@case].Keepalived), Median(results[@case].Esha));
            Console.WriteLine($"{@case.Name,-34} {k,9:F0} ms {e,9:F0} ms {e / k,7:F2}");
        }
    }

    private static double Measure(Case @case, bool eshaBackup, string esha, string keepalived)
    {
        using var lab = new BenchLab("master", "backup");
        var (master, backup) = (lab.Nodes[0], lab.Nodes[1]);
        var dir = Directory.CreateTempSubdirectory("esha-failover-");
        try
        {
            var masterConfig = Write(dir, "master.conf", Config(100, @case.Protocol));
            var backupConfig = Write(dir, "backup.conf", Config(90, @case.Protocol));
            using var masterServer = new AcceptingServer(master, Port);
            using var backupServer = new AcceptingServer(backup, Port);
            var masterProcess = lab.Start(master, keepalived, "-n", "-l", "-D", "-P", "-f", masterConfig,
                "-p", Path.Combine(dir.FullName, "m.pid"), "-r", Path.Combine(dir.FullName, "m.vrrp.pid"));
            Until(() => BenchLab.Holds(master, Vip), "the master never took the VIP");
            // ESHA_FAILOVER_ENV="NAME=VALUE ..." runs EsHa with runtime settings to compare (DOTNET_TieredCompilation=0...).
            var environment = (Environment.GetEnvironmentVariable("ESHA_FAILOVER_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            _ = eshaBackup
                ? lab.Start(backup, "env", [.. environment, "dotnet", esha, "run", "-f", backupConfig, "--journal", Path.Combine(dir.FullName, "backup.db"),
                    "--node", "backup", "--status-socket", Path.Combine(dir.FullName, "status.sock")])
                : lab.Start(backup, keepalived, "-n", "-l", "-D", "-P", "-f", backupConfig,
                    "-p", Path.Combine(dir.FullName, "b.pid"), "-r", Path.Combine(dir.FullName, "b.vrrp.pid"));

            using var probe = new TcpProbe(lab.Client, new IPEndPoint(IPAddress.Parse(Vip), Port));
            // Time for the backup to start (EsHa's first start JITs for about a second) and hear a few adverts.
            Thread.Sleep(TimeSpan.FromSeconds(5));
            if (BenchLab.Holds(backup, Vip) || !probe.ConnectedSince(TcpProbe.Now - Stopwatch.Frequency))
            {
                throw new InvalidOperationException("not settled before the fault: the backup holds the VIP or the client cannot reach it");
            }

            var fault = TcpProbe.Now;
            if (@case.Graceful)
            {
                BenchLab.Run("kill", "-TERM", masterProcess.Id.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                BenchLab.Run(BenchLab.Ip, "-n", master, "link", "set", "eth0", "down");
            }

            Until(() => BenchLab.Holds(backup, Vip), "the backup never took the VIP");
            var took = TcpProbe.Now;
            Until(() => probe.ConnectedSince(took), "the client never reached the VIP on the backup");
            Thread.Sleep(200);
            return probe.OutageAfter(fault).TotalMilliseconds;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Config(int priority, string protocol) => $$"""
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            {{protocol}}
            virtual_ipaddress {
                {{Vip}}/24
            }
        }

        """;

    private static string Write(DirectoryInfo dir, string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void Until(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException(failure);
            }

            Thread.Sleep(10);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
