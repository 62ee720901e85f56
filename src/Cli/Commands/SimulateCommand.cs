using System.CommandLine;
using EsHa.Node.Simulation;
using EsHa.Node.Journal.Embedded;

namespace EsHa.Cli.Commands;

/// <summary>esha simulate SCENARIO [--seed N] [--until T] [--journal DIR] [--json]: runs the scenario's nodes in virtual time
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
        var journal = new Option<string?>("--journal") { Description = "write each node's journal (embedded, SQLite) to DIR/NODE.db" };
        var json = new Option<bool>("--json") { Description = "print the run as one JSON object (seed, transitions, counters, result)" };
        var command = new Command("simulate", "Run a cluster of EsHa nodes in virtual time, with faults.") { scenario, seed, until, journal, json };
        command.SetAction(r => Run(r.GetValue(scenario)!, r.GetValue(seed) ?? 1, r.GetValue(until), r.GetValue(journal), r.GetValue(json)));
        return command;
    }

    private static int Run(string path, ulong seed, double? until, string? journalDirectory, bool json)
    {
        Scenario scenario;
        Simulator simulator;
        try
        {
            scenario = Scenario.Load(path);
            scenario = until is { } u ? scenario with { Until = u } : scenario;
            simulator = new Simulator(scenario, Path.GetDirectoryName(Path.GetFullPath(path))!, seed,
                journalDirectory is null ? null : node => OpenFresh(journalDirectory, node));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or FormatException
            or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"{path}: {e.Message}");
            return 2;
        }

        if (!json)
        {
            Console.Write(simulator.Describe());
        }

        var violation = simulator.Run();
        if (json)
        {
            Console.WriteLine(RunJson(simulator, seed, violation));
        }
        else
        {
            foreach (var line in simulator.Trace)
            {
                Console.WriteLine(line);
            }
        }

        foreach (var journal in Journals)
        {
            journal.Dispose();
        }

        if (!json)
        {
            Console.WriteLine(string.Join(", ", simulator.Counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}")));
            Console.WriteLine(violation is null ? "every invariant held" : $"INVARIANT BROKEN (seed {seed}): {violation}");
        }

        return violation is null ? 0 : CorrectnessFailure;
    }

    private static readonly List<SqliteJournal> Journals = [];

    /// <summary>A new journal per node and run: an earlier run's file in the way is replaced (a simulation's journal is
    /// its output, not a record to keep).</summary>
    private static SqliteJournal OpenFresh(string directory, string node)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{node}.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var journal = SqliteJournal.Open(path, node, Simulator.Epoch);
        Journals.Add(journal);
        return journal;
    }

    private static string RunJson(Simulator simulator, ulong seed, string? violation)
    {
        return JsonText.Indented(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("seed", seed);
            writer.WriteString("knobs", simulator.Describe().Trim());
            writer.WriteStartArray("transitions");
            foreach (var line in simulator.Trace)
            {
                writer.WriteStringValue(line.Trim());
            }

            writer.WriteEndArray();
            writer.WriteStartObject("counters");
            foreach (var (name, count) in simulator.Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(name, count);
            }

            writer.WriteEndObject();
            writer.WriteBoolean("invariantsHeld", violation is null);
            if (violation is not null)
            {
                writer.WriteString("violation", violation);
            }

            writer.WriteEndObject();
        });
    }
}
