using System.Diagnostics;
using EsHa.Bench;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Config.Schema;
using EsHa.Domain.Config.Syntax;
using EsHa.Domain.Config.Validation;
using EsHa.Node.Config;

// Parse + validate a generated configuration of keepalived's largest measured size, in process and as a whole
// `esha check-config` run, and time Debian's `keepalived -t` on the same file in the same run.
// Usage: dotnet run -c Release --project bench/EsHa.Bench [-- INSTANCES VIRTUAL_SERVERS REAL_SERVERS_EACH RUNS]
//        dotnet run -c Release --project bench/EsHa.Bench -- --write FILE   (the generated config, for profiling)
//        dotnet run -c Release --project bench/EsHa.Bench -- vrrp [INPUTS [SIMULATED_SECONDS]]
//        dotnet run -c Release --project bench/EsHa.Bench -- journal [EVENTS]
//        bash bench/failover.sh [ROUNDS]   (as root: the failover rig against keepalived, then RSS and idle CPU)
//        bash bench/checkers.sh [TCP [HTTP [SECONDS]]]   (as root: health-check load, check -> kernel latency)
if (args is ["--write", var target])
{
    File.WriteAllText(target, LargeConfig.Generate(10_000, 1_000, 10));
    return;
}

if (args is ["journal", .. var journalArgs])
{
    JournalBenchmarks.Run(journalArgs.Length > 0 ? int.Parse(journalArgs[0]) : 1_000_000);
    return;
}

if (args is ["failover", .. var failoverArgs])
{
    var eshaDll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Cli", "bin", "Release", "net10.0", "esha.dll");
    var seedConfig = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "ops", "examples", "seed", "ka01", "keepalived.conf"));
    var rounds = failoverArgs.Where(a => a.All(char.IsAsciiDigit)).Select(int.Parse).DefaultIfEmpty(3).First();
    if (!failoverArgs.Contains("--footprint-only"))
    {
        EsHa.Bench.Failover.FailoverRig.Run(rounds, Path.GetFullPath(eshaDll), "/usr/sbin/keepalived");
    }

    if (!failoverArgs.Contains("--no-footprint"))
    {
        EsHa.Bench.Failover.Footprint.Run(Path.GetFullPath(eshaDll), "/usr/sbin/keepalived", seedConfig);
    }
    return;
}

if (args is ["latency", var latencyServers])
{
    EsHa.Bench.Checkers.ApplyLatency.Run(int.Parse(latencyServers), 2_000);
    return;
}

if (args is ["checkers", .. var checkerArgs])
{
    // bash bench/checkers.sh [TCP [HTTP [SECONDS]]]: the checker load, then check result -> kernel latency.
    var eshaDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Cli", "bin", "Release", "net10.0", "esha.dll"));
    int Arg(int i, int fallback) => checkerArgs.Length > i ? int.Parse(checkerArgs[i]) : fallback;
    EsHa.Bench.Checkers.CheckerLoad.Run(eshaDll, Arg(0, 10_000), Arg(1, 2_000), TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(Arg(2, 60)));
    EsHa.Bench.Checkers.ApplyLatency.Run(Arg(0, 10_000), 2_000);
    EsHa.Bench.Checkers.ApplyLatency.Run(200, 2_000);
    return;
}

if (args is ["forensics-store", .. var storeArgs])
{
    var repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    EsHa.Bench.Forensics.StoreForensicsBenchmark.Run(storeArgs.Length > 0 ? long.Parse(storeArgs[0]) : 1_000_000,
        Path.Combine(repo, "ops", "examples", "seed", "scenario.json"));
    return;
}

if (args is ["forensics", .. var forensicsArgs])
{
    // 10M records over two nodes and a week, generated once into DIR (default /tmp/esha-bench-forensics) and reused.
    var repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    EsHa.Bench.Forensics.ForensicsBenchmarks.Run(forensicsArgs.Length > 0 ? long.Parse(forensicsArgs[0]) : 10_000_000,
        forensicsArgs.Length > 1 ? forensicsArgs[1] : "/tmp/esha-bench-forensics",
        Path.Combine(repo, "ops", "examples", "seed", "scenario.json"), Path.Combine(repo, "src", "Cli", "bin", "Release", "net10.0", "esha.dll"));
    return;
}

if (args is ["vrrp", .. var rest])
{
    VrrpBenchmarks.Run(rest.Length > 0 ? int.Parse(rest[0]) : 5_000_000, rest.Length > 1 ? double.Parse(rest[1]) : 86_400);
    return;
}

var instances = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var virtualServers = args.Length > 1 ? int.Parse(args[1]) : 1_000;
var realServersEach = args.Length > 2 ? int.Parse(args[2]) : 10;
var runs = args.Length > 3 ? int.Parse(args[3]) : 3;

var dir = Directory.CreateTempSubdirectory("esha-bench-");
try
{
    var path = Path.Combine(dir.FullName, "keepalived.conf");
    var text = LargeConfig.Generate(instances, virtualServers, realServersEach);
    File.WriteAllText(path, text);
    var lines = text.Count(c => c == '\n');
    Console.WriteLine($"config: {instances} vrrp_instances, {virtualServers} virtual_servers x {realServersEach} real_servers, {lines} lines");

    var inProcess = Measure.Median(runs, () =>
    {
        var result = ConfigLoader.Load(new PhysicalConfigFileSystem(), path, path, new ReaderOptions());
        if (result.Config!.Instances.Count != instances)
        {
            throw new InvalidOperationException("the generated instances did not all parse");
        }
    });
    var readOnly = Measure.Median(runs, () =>
    {
        var reader = new LineReader(new PhysicalConfigFileSystem(), path, new ReaderOptions(), new DiagnosticBag());
        while (reader.Next() is not null)
        {
        }
    });
    var parseOnly = Measure.Median(runs, () =>
    {
        var reader = new LineReader(new PhysicalConfigFileSystem(), path, new ReaderOptions(), new DiagnosticBag());
        new SyntaxParser(reader, KeepalivedSchema.Root, new DiagnosticBag()).ParseAll();
    });
    var model = ConfigLoader.Load(new PhysicalConfigFileSystem(), path, path, new ReaderOptions()).Config!;
    var validateOnly = Measure.Median(runs, () => GC.KeepAlive(ConfigValidator.Diagnose(model).ToList()));
    var memory = Measure.PeakManagedAfter(() => ConfigLoader.Load(new PhysicalConfigFileSystem(), path, path, new ReaderOptions()));
    Console.WriteLine($"esha in process (parse + validate):     {inProcess.TotalSeconds,7:F3} s   managed heap after load {memory / 1048576.0:F1} MiB");
    Console.WriteLine($"  phases: reading lines {readOnly.TotalSeconds:F3} s; reading + syntax tree {parseOnly.TotalSeconds:F3} s; validation alone {validateOnly.TotalSeconds:F3} s");

    TimeSpan? eshaWhole = null;
    var esha = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Cli", "bin", "Release", "net10.0", "esha.dll");
    if (File.Exists(esha))
    {
        eshaWhole = Measure.Median(runs, () => Measure.Run("dotnet", [esha, "check-config", "-f", path, "--no-host-checks"]));
        Console.WriteLine($"esha check-config (whole process):     {eshaWhole.Value.TotalSeconds,7:F3} s   peak RSS {Measure.PeakRss("dotnet", [esha, "check-config", "-f", path, "--no-host-checks"])}");
    }
    else
    {
        Console.WriteLine($"esha check-config: not built at {Path.GetFullPath(esha)} (dotnet build src/Cli -c Release)");
    }

    if (File.Exists("/usr/sbin/keepalived"))
    {
        var keepalived = Measure.Median(runs, () => Measure.Run("/usr/sbin/keepalived", ["-t", "-f", path, "-l", "-D", "-n"]));
        Console.WriteLine($"keepalived -t (2.2.7, whole process):  {keepalived.TotalSeconds,7:F3} s   peak RSS {Measure.PeakRss("/usr/sbin/keepalived", ["-t", "-f", path, "-l", "-D", "-n"])}");
        Console.WriteLine($"ratio esha in process / keepalived -t: {inProcess / keepalived:F2}");
        if (eshaWhole is { } whole)
        {
            Console.WriteLine($"ratio esha process / keepalived -t:    {whole / keepalived:F2}   (goal: at most 1)");
        }
    }
    else
    {
        Console.WriteLine("keepalived -t: not installed (apt-get install keepalived); no ratio");
    }
}
finally
{
    dir.Delete(recursive: true);
}

internal static class Measure
{
    public static TimeSpan Median(int runs, Action action)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    public static long PeakManagedAfter(Func<object> load)
    {
        GC.Collect();
        var kept = load();
        var bytes = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return bytes;
    }

    /// <summary>The peak resident memory of one run, as GNU time measures it (Debian's "time" package).</summary>
    public static string PeakRss(string file, string[] arguments)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            return "n/a (no /usr/bin/time)";
        }

        var report = Path.GetTempFileName();
        try
        {
            Run("/usr/bin/time", ["-f", "%M", "-o", report, file, .. arguments]);
            var kilobytes = File.ReadAllLines(report).Last(l => l.Length > 0 && char.IsDigit(l[0]));
            return $"{long.Parse(kilobytes) / 1024.0:F1} MiB";
        }
        finally
        {
            File.Delete(report);
        }
    }

    public static void Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        output.Wait();
        process.WaitForExit();
    }
}
