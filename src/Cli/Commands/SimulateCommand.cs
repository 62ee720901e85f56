using System.CommandLine;
using EsHa.Node.Simulation;
using EsHa.Node.Runtime;

namespace EsHa.Cli.Commands;

/// <summary>esha simulate SCENARIO [--seed N] [--until T] [--journal DIR]: runs the scenario's nodes in virtual time
/// and prints the seed, the knobs and one line per transition. Exit 0: every invariant held; 129: one broke (the
/// message says which, and the same seed reproduces it); 2: the scenario could not be read.</summary>
internal static class SimulateCommand
{
    private const int CorrectnessFailure = 129;

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "a scenario file (JSON): nodes, their configs, faults" };
        var seed = new Option<ulong?>("--seed") { Description = "the seed for loss and jitter (default: 1)" };
        var until = new Option<double?>("--until") { Description = "simulated seconds to run (default: the scenario's)" };
        var journal = new Option<string?>("--journal") { Description = "write each node's events to DIR/NODE.jsonl" };
        var command = new Command("simulate", "Run a cluster of EsHa nodes in virtual time, with faults.") { scenario, seed, until, journal };
        command.SetAction(r => Run(r.GetValue(scenario)!, r.GetValue(seed) ?? 1, r.GetValue(until), r.GetValue(journal)));
        return command;
    }

    private static int Run(string path, ulong seed, double? until, string? journalDirectory)
    {
        Scenario scenario;
        Simulator simulator;
        try
        {
            scenario = Scenario.Load(path);
            scenario = until is { } u ? scenario with { Until = u } : scenario;
            simulator = new Simulator(scenario, Path.GetDirectoryName(Path.GetFullPath(path))!, seed);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or FormatException)
        {
            Console.Error.WriteLine($"{path}: {e.Message}");
            return 2;
        }

        Console.Write(simulator.Describe());
        var violation = simulator.Run();
        foreach (var line in simulator.Trace)
        {
            Console.WriteLine(line);
        }

        if (journalDirectory is not null)
        {
            Directory.CreateDirectory(journalDirectory);
            foreach (var node in simulator.NodeNames)
            {
                File.WriteAllLines(Path.Combine(journalDirectory, $"{node}.jsonl"), simulator.Journal(node).Select(JournalLine.Of));
            }
        }

        Console.WriteLine(string.Join(", ", simulator.Counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}")));
        if (violation is not null)
        {
            Console.WriteLine($"INVARIANT BROKEN (seed {seed}): {violation}");
            return CorrectnessFailure;
        }

        Console.WriteLine("every invariant held");
        return 0;
    }
}
