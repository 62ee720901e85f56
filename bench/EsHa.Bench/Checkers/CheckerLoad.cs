using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EsHa.Bench.Failover;
using EsHa.Node.Tests.Support;

namespace EsHa.Bench.Checkers;

/// <summary>
/// The health-checking load (issue 6): `esha run` with N real servers checked every second (TCP_CHECK, then
/// HTTP_GET), all of them loopback addresses in a namespace of the benchmark's own, answered by one listener (an
/// accept-and-close loop in this process for TCP; nginx for HTTP). After a settle it measures esha's CPU as a share
/// of one core and its RSS, and how many checks per second the servers saw (so a quiet checker cannot look cheap).
/// </summary>
internal static class CheckerLoad
{
    public static void Run(string esha, int tcp, int http, TimeSpan settle, TimeSpan measure)
    {
        Console.WriteLine($"checker load: delay_loop 1, settle {settle.TotalSeconds:0} s, measured over {measure.TotalSeconds:0} s");
        if (tcp > 0)
        {
            Measure(esha, $"{tcp} x TCP_CHECK", CheckerConfig.Generate(tcp, "TCP_CHECK"), "goal <= 25 % of one core", settle, measure, http: false);
        }

        if (http > 0)
        {
            Measure(esha, $"{http} x HTTP_GET", CheckerConfig.Generate(http, "HTTP_GET"), "", settle, measure, http: true);
        }
    }

    private static void Measure(string esha, string name, string config, string goal, TimeSpan settle, TimeSpan measure, bool http)
    {
        using var lab = new BenchLab();
        var ns = lab.Isolated("checkers");
        var dir = Directory.CreateTempSubdirectory("esha-checkers-");
        var seen = new System.Runtime.CompilerServices.StrongBox<long>();
        using var stop = new CancellationTokenSource();
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "keepalived.conf"), config);
            Func<long> served;
            if (http)
            {
                var log = StartNginx(lab, ns, dir.FullName);
                served = () => File.Exists(log) ? File.ReadLines(log).LongCount() : 0;
            }
            else
            {
                BenchLab.InNamespace(ns, () => Accept(seen, stop.Token));
                served = () => Interlocked.Read(ref seen.Value);
            }

            // As the systemd unit runs it (ops/systemd/esha.service): a 16 MB gen0 budget keeps RSS down.
            var process = lab.Start(ns, "/usr/bin/env", "DOTNET_GCgen0size=0x1000000", "dotnet", esha, "run", "-f", Path.Combine(dir.FullName, "keepalived.conf"), "--journal",
                Path.Combine(dir.FullName, "bench.db"), "--node", "bench", "--status-socket", Path.Combine(dir.FullName, "s.sock"), "--lvs-backend", "nftables");
            Thread.Sleep(settle);
            if (process.HasExited)
            {
                throw new InvalidOperationException($"esha exited with {process.ExitCode}");
            }

            var pids = Footprint.Tree(process.Id);
            var (ticks, checks, clock) = (pids.Sum(Footprint.CpuTicks), served(), Stopwatch.StartNew());
            Thread.Sleep(measure);
            var cpu = (Footprint.Tree(process.Id).Sum(Footprint.CpuTicks) - ticks) / 100.0 / clock.Elapsed.TotalSeconds * 100;
            var rate = (served() - checks) / clock.Elapsed.TotalSeconds;
            var rss = Footprint.Tree(process.Id).Sum(p => Footprint.Status(p, "VmRSS:")) / 1024.0;
            Console.WriteLine($"  {name,-18} CPU {cpu,5:F1} % of one core ({goal}); RSS {rss,6:F1} MB; the servers saw {rate,7:F0} checks/s");
        }
        finally
        {
            stop.Cancel();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Accepts and closes connections on the namespace's port 80 (every 127/8 address), counting them.</summary>
    private static void Accept(System.Runtime.CompilerServices.StrongBox<long> seen, CancellationToken stop)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 80));
        listener.Listen(4096);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = listener.Accept();
                Interlocked.Increment(ref seen.Value);
            }
            catch (SocketException)
            {
                return;
            }
        }
    }

    /// <summary>nginx on the namespace's port 80 with an access log (one line per check) kept in the directory.</summary>
    private static string StartNginx(BenchLab lab, string ns, string dir)
    {
        var www = Path.Combine(dir, "www");
        Directory.CreateDirectory(www);
        File.WriteAllText(Path.Combine(www, "index.html"), "ok\n");
        Nginx.Walkable(dir);

        var log = Path.Combine(dir, "access.log");
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), Nginx.Config(dir, 4096, $"access_log {log};\nserver {{ listen 80 backlog=4096; root {www}; }}"));
        File.WriteAllText(log, "");
        File.SetUnixFileMode(log, File.GetUnixFileMode(log) | UnixFileMode.OtherWrite);
        lab.Start(ns, Nginx.Binary, "-c", Path.Combine(dir, "nginx.conf"));
        return log;
    }
}
