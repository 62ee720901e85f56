using System.Diagnostics;
using System.Net;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;

namespace EsHa.Bench.Forensics;

/// <summary>
/// `dotnet run -c Release --project bench/EsHa.Bench -- forensics [RECORDS] [DIR]`: the forensics commands over a
/// week of two nodes' journals (10M records by default, generated once into DIR and reused): `why` for one move (goal
/// &lt; 200 ms from the journals), the timeline of one hour and one VIP, and a full replay (the state at the end of
/// the week; goal &lt; 3 s: folded from the journals' checkpoints, and for comparison from their first records). Each in process (p50/p95 of several runs) and as a whole `esha`
/// process, which adds the runtime's start.
/// </summary>
public static class ForensicsBenchmarks
{
    private static readonly IPAddress Vip = IPAddress.Parse("192.168.126.100");

    public static void Run(long records, string directory, string scenario, string eshaDll)
    {
        Directory.CreateDirectory(directory);
        string[] journals = [Path.Combine(directory, "ka01.db"), Path.Combine(directory, "ka02.db")];
        if (!journals.All(File.Exists))
        {
            var generate = Stopwatch.StartNew();
            Console.WriteLine($"generating {records:N0} records over a week into {directory}");
            WeekOfRecords.Generate(directory, scenario, records);
            Console.WriteLine($"  generated in {generate.Elapsed.TotalSeconds:0.0} s");
        }

        Console.WriteLine($"journals: {string.Join(", ", journals.Select(j => $"{Path.GetFileName(j)} {new FileInfo(j).Length / 1e9:0.00} GB"))}");
        var random = new Random(7);
        var start = Node.Simulation.Simulator.Epoch;
        using var forensics = new JournalForensics(journals);

        Report("why --vip --at T (one move, from the journals)", 40, () =>
        {
            var moves = WhyQuery.Explain(forensics, Vip, start + TimeSpan.FromSeconds(random.Next(3600, 600_000)));
            return moves is [{ } m] ? $"{m.From} -> {m.To}, {m.Chain.Count} links" : "no move";
        });

        Report("  of which: the VIP's index (starts and role changes, a week)", 5, () => $"{forensics.VipRecords(Vip).Count:N0} records");
        Report("  of which: VIP ownership and handovers from the index", 5, () => $"{VipHandovers.Of(forensics.VipRecords(Vip)).Count:N0} handovers");

        Report("timeline --vip --from T --to T+1h (from the journals)", 10, () =>
        {
            var from = start + TimeSpan.FromSeconds(random.Next(3600, 590_000));
            var entries = forensics.Window(from, from.AddHours(1)).Concat(forensics.VipRecords(Vip).Where(e => e.Wall < from || e.Wall > from.AddHours(1))).ToList();
            return $"{Timeline.Of(entries, new TimelineFilter(from, from.AddHours(1), Vip)).Count} lines of {entries.Count} records";
        });

        Report("replay --at <end of the week> (folded from each journal's last checkpoint, a core per journal)", 5, () => Replay(start + WeekOfRecords.Week));
        Report("replay --at T (a random time of the week)", 10, () => Replay(start + TimeSpan.FromSeconds(random.Next(0, 604_800))));
        Report("replay --at <end of the week> from the first record (no checkpoints: journals written before them)", 1, () =>
        {
            var folds = journals.Select(j =>
            {
                using var reader = new Node.Journal.Embedded.JournalReader(j);
                var fold = new NodeStateFold(reader.Node);
                foreach (var record in reader.ForFold(start + WeekOfRecords.Week, after: 0, useCheckpoints: false))
                {
                    fold.Apply(JournalForensics.Entry(record));
                }

                return fold;
            }).AsParallel().ToList();
            var state = StateAt.Merge(start + WeekOfRecords.Week, folds);
            return $"{state.Instances.Count} instances, {state.Lvs.Count} LVS destinations, {state.RealServers.Count} real servers";
        });

        string Replay(DateTimeOffset at)
        {
            var state = forensics.StateAt(at);
            return $"{state.Instances.Count} instances, {state.Lvs.Count} LVS destinations, {state.RealServers.Count} real servers";
        }

        Console.WriteLine("whole esha processes (the runtime's start included):");
        string[] args = ["--journal", journals[0], "--journal", journals[1]];
        Process("esha why --vip --at", eshaDll, ["why", .. args, "--vip", Vip.ToString(), "--at", "2026-01-04T12:00:00Z"]);
        Process("esha timeline --vip, one hour", eshaDll, ["timeline", .. args, "--vip", Vip.ToString(), "--from", "2026-01-04T12:00:00Z", "--to", "2026-01-04T13:00:00Z"]);
        Process("esha replay --at <end>", eshaDll, ["replay", .. args, "--at", "2026-01-08T00:00:00Z", "--json"]);
    }

    /// <summary>One cold run (the code's first, JIT included), reported apart; then the runs the percentiles are of.</summary>
    private static void Report(string what, int runs, Func<string> run)
    {
        var watch = Stopwatch.StartNew();
        var result = run();
        var cold = watch.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            watch.Restart();
            result = run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"{what}: p50 {times[(times.Count - 1) / 2]:0.0} ms, p95 {times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)]:0.0} ms, " +
            $"max {times[^1]:0.0} ms over {runs} warm runs (a cold first run: {cold:0.0} ms) — {result}");
    }

    private static void Process(string what, string eshaDll, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(eshaDll);
        arguments.ToList().ForEach(start.ArgumentList.Add);
        var watch = Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Console.WriteLine($"  {what}: {watch.Elapsed.TotalMilliseconds:0} ms, exit {process.ExitCode}, {output.Result.Length:N0} characters out{(error.Length > 0 ? $", stderr: {error.Trim()}" : "")}");
    }
}
