using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Diff;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Node.Config;
using EsHa.Node.Simulation;
using EsHa.Projections.Forensics;

namespace EsHa.Node.Forensics;

/// <summary>What a what-if replay ran with and what it produced: each node's records as they would have been.</summary>
public sealed record WhatIfRun(IReadOnlyList<TimelineEntry> Replayed, IReadOnlyList<string> Configs, IReadOnlyList<string> Notes,
    DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// `esha replay --config NODE=FILE`: the recorded outside inputs of a window (<see cref="RecordedWorld"/>) fed through
/// the same runtime and domain the nodes run, in the simulator, with another configuration for some nodes. The other
/// nodes run the configuration they recorded (the file their <see cref="ConfigLoaded"/> names, accepted only when its
/// digest matches the recorded one), so that a replay with no change reproduces what happened.
/// </summary>
public static class WhatIf
{
    /// <exception cref="InvalidDataException">a configuration cannot be had or read; the message says which and why</exception>
    public static WhatIfRun Run(IReadOnlyList<TimelineEntry> entries, IReadOnlyDictionary<string, string> configs, DateTimeOffset? from, DateTimeOffset? to)
    {
        var nodes = entries.Select(e => e.Node).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var unknown in configs.Keys.Where(n => !nodes.Contains(n)))
        {
            throw new InvalidDataException($"--config {unknown}=...: no journal of a node called {unknown} (nodes: {string.Join(", ", nodes)})");
        }

        var origin = from ?? entries.Where(e => e.Fact is NodeStarted or NodeRestarted).Select(e => e.Wall).DefaultIfEmpty(entries.Min(e => e.Wall)).Min();
        var end = to ?? entries.Max(e => e.Wall);
        if (end <= origin)
        {
            throw new InvalidDataException($"nothing to replay between {origin:O} and {end:O}");
        }

        var specs = new List<ScenarioNode>();
        var described = new List<string>();
        foreach (var node in nodes)
        {
            var records = entries.Where(e => e.Node == node).OrderBy(e => e.Sequence).ToList();
            var loaded = records.LastOrDefault(e => e.Fact is ConfigLoaded && e.Wall <= origin) ?? records.FirstOrDefault(e => e.Fact is ConfigLoaded)
                ?? throw new InvalidDataException($"{node}: its journal has no configuration loaded in it");
            var recorded = (ConfigLoaded)loaded.Fact;
            var started = records.Where(e => e.Fact is InstanceStarted).Select(e => ((InstanceStarted)e.Fact).Settings).FirstOrDefault()
                ?? throw new InvalidDataException($"{node}: its journal has no VRRP instance in it");
            string path;
            if (configs.TryGetValue(node, out var given))
            {
                path = Path.GetFullPath(given);
                var config = Load(node, path);
                var original = TryLoad(node, recorded.Source) is { } was && ConfigDigest.Of(was) == recorded.Digest ? was : null;
                var changes = original is null ? "(the recorded configuration is not here to compare)"
                    : string.Join("; ", ConfigDiff.Compare(original, config).Select(c => c.ToString())) is { Length: > 0 } diff ? diff : "no change";
                described.Add($"{node}: {path} instead of what it ran ({changes})");
            }
            else
            {
                path = recorded.Source;
                if (TryLoad(node, path) is not { } config || ConfigDigest.Of(config) != recorded.Digest)
                {
                    throw new InvalidDataException($"{node} ran {recorded.Source} (digest {recorded.Digest[..12]}…), which is " +
                        (File.Exists(path) ? "different here" : "not here") + $": give its configuration with --config {node}=FILE");
                }

                described.Add($"{node}: as recorded ({path})");
            }

            specs.Add(new ScenarioNode(node, path, started.OwnAddress.ToString()));
        }

        var world = RecordedWorld.From(entries, origin, end, specs.Select(s => IPAddress.Parse(s.Address)).ToHashSet());
        var simulator = new Simulator(new Scenario { Nodes = specs, Faults = world.Faults, Until = world.Until }, "/", seed: 1) { KeepGoing = true };
        simulator.Run();
        var notes = world.Notes.ToList();
        if (simulator.FirstViolation is { } violation)
        {
            notes.Add($"the replay broke an invariant the simulator checks: {violation}");
        }

        // The simulator's clocks read its epoch plus simulated time; the replay's begin at the window's origin.
        var shift = origin - Simulator.Epoch;
        var replayed = nodes.SelectMany(n => simulator.Journal(n))
            .Select(r => JournalForensics.Entry(r) with { Wall = r.Wall + shift }).ToList();
        return new WhatIfRun(replayed, described, notes, origin, end);
    }

    private static KeepalivedConfig Load(string node, string path)
    {
        var loaded = Read(node, path);
        // As keepalived (and the simulator) do, a file with findings still runs when it can be read at all.
        return loaded.Config ?? throw new InvalidDataException($"{path}: {string.Join("; ", loaded.Diagnostics.Where(d => d.Severity == Domain.Config.Diagnostics.Severity.Error))}");
    }

    private static KeepalivedConfig? TryLoad(string node, string path) => File.Exists(path) ? Read(node, path).Config : null;

    private static ConfigLoadResult Read(string node, string path) =>
        ConfigLoader.Load(new PhysicalConfigFileSystem(), path, path, new ReaderOptions(ConfigId: node));
}
