using System.Diagnostics;
using System.Globalization;

namespace EsHa.Bench.Failover;

/// <summary>
/// Memory and idle CPU of a daemon running the user's ka01 configuration alone in a namespace (eth0 and eth1 as veth
/// links with the seed's addresses, their peers in the same namespace): resident set size once it is master, and the CPU it uses over the next 30 s.
/// keepalived is measured the same way, its parent and children together.
/// </summary>
internal static class Footprint
{
    // A minute to settle: the runtime re-compiles hot methods (tiered JIT) for the first minute or so, which is not idle.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);

    public static void Run(string esha, string keepalived, string seedConfig)
    {
        Console.WriteLine($"footprint with the seed's ka01 configuration ({seedConfig}); RSS after {Settle.TotalSeconds:F0} s, CPU over the next {Idle.TotalSeconds:F0} s");
        Report("esha", (lab, ns, dir) => lab.Start(ns, "dotnet", esha, "run", "-f", seedConfig, "--journal", Path.Combine(dir, "ka01.db"),
            "--node", "ka01", "--status-socket", Path.Combine(dir, "status.sock")), "goal <= 30 MB");
        Report("keepalived", (lab, ns, dir) => lab.Start(ns, keepalived, "-n", "-l", "-D", "-P", "-f", seedConfig,
            "-p", Path.Combine(dir, "k.pid"), "-r", Path.Combine(dir, "v.pid")), "its VRRP process and parent");
    }

    private static void Report(string name, Func<BenchLab, string, string, Process> start, string note)
    {
        using var lab = new BenchLab();
        var ns = lab.Isolated("ka01");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "link", "add", "eth1", "type", "veth", "peer", "name", "peer1");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "link", "set", "peer0", "up");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "link", "set", "peer1", "up");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "addr", "add", "192.168.126.136/24", "dev", "eth0");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "addr", "add", "10.1.1.1/24", "dev", "eth1");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "link", "set", "eth0", "up");
        BenchLab.Run(BenchLab.Ip, "-n", ns, "link", "set", "eth1", "up");
        var dir = Directory.CreateTempSubdirectory("esha-footprint-");
        try
        {
            var process = start(lab, ns, dir.FullName);
            Thread.Sleep(Settle);
            var pids = Tree(process.Id);
            var rssKb = pids.Sum(p => Status(p, "VmRSS:"));
            var ticksBefore = pids.Sum(CpuTicks);
            Thread.Sleep(Idle);
            var ticksAfter = Tree(process.Id).Sum(CpuTicks);
            var cpuPercent = (ticksAfter - ticksBefore) / 100.0 / Idle.TotalSeconds * 100;
            var holds = BenchLab.Holds(ns, "192.168.126.100") ? "holds the VIP" : "does not hold the VIP";
            Console.WriteLine($"  {name,-10} RSS {rssKb / 1024.0,6:F1} MB ({pids.Count} process{(pids.Count > 1 ? "es" : "")}; {note}); idle CPU {cpuPercent:F2} %; {holds}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A process and its descendants.</summary>
    internal static List<int> Tree(int root)
    {
        var parents = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => n!.All(char.IsAsciiDigit))
            .Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
            .Select(pid => (Pid: pid, Parent: Stat(pid, 3)))
            .Where(p => p.Parent >= 0)
            .ToList();
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Parent == tree[i]).Select(p => p.Pid));
        }

        return tree;
    }

    internal static long CpuTicks(int pid) => Math.Max(0, Stat(pid, 13)) + Math.Max(0, Stat(pid, 14));

    /// <summary>Field N of /proc/PID/stat counting the pid as 0 (3 ppid, 13 utime, 14 stime); -1 when the process is gone.</summary>
    private static long Stat(int pid, int field)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[field - 2], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    internal static long Status(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
