using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsHa.Node.Simulation;

/// <summary>
/// A simulated cluster: its nodes (each with a keepalived.conf and its address) and a timeline of faults.
/// Read from JSON; config paths are relative to the scenario file.
/// </summary>
public sealed record Scenario
{
    public required IReadOnlyList<ScenarioNode> Nodes { get; init; }

    /// <summary>The faults, in any order; none when the file names none (JSON may leave it out).</summary>
    public IReadOnlyList<ScenarioFault> Faults { get; init => field = value ?? []; } = [];

    /// <summary>Simulated seconds to run.</summary>
    public double Until { get; init; } = 90;

    /// <summary>Chance that a packet is lost on the segment (0-1), drawn from the seed.</summary>
    public double Loss { get; init; }

    /// <summary>Largest extra delay of a packet, in milliseconds, drawn from the seed (a base of 0.1 ms always applies);
    /// packets sent close together may arrive in another order.</summary>
    public double JitterMilliseconds { get; init; }

    /// <summary>Chance that a delivered packet arrives twice (0-1), drawn from the seed.</summary>
    public double Duplicate { get; init; }

    /// <summary>A scenario from JSON, or from YAML when the file ends in .yaml or .yml (the same fields).</summary>
    public static Scenario Load(string path)
    {
        var text = File.ReadAllText(path);
        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            text = YamlAsJson(text);
        }

        return JsonSerializer.Deserialize(text, ScenarioJson.Default.Scenario) ?? throw new InvalidDataException($"{path}: empty scenario");
    }

    /// <summary>YAML read by YamlDotNet and written back as JSON, so that both forms go through one set of rules
    /// (scalars arrive as strings; the JSON reader takes numbers from strings).</summary>
    private static string YamlAsJson(string yaml)
    {
        try
        {
            var tree = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(yaml);
            return new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build().Serialize(tree);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new JsonException($"YAML line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
    }
}

public sealed record ScenarioNode(string Name, string Config, string Address, string? Interface = null);

/// <summary>At a simulated second, something happens to a node: link-down / link-up (its interface: the node sees
/// it and goes FAULT), isolate / rejoin (a partition: the node's link stays up but nothing crosses it), crash /
/// restart (the process dies without a word; it comes back with empty kernel state), tracker (a tracked script,
/// interface or file reports <see cref="Value"/>: <see cref="Tracker"/> is "script:NAME", "interface:NAME" or
/// "file:NAME"), drain / resume (an operator's command), clock-jump (the node's wall clock moves by
/// <see cref="Seconds"/>; VRRP runs on the monotonic clock and must not notice, the journal's wall times do).</summary>
public sealed record ScenarioFault(double At, string Node, string Kind)
{
    public string? Tracker { get; init; }

    public int Value { get; init; }

    public double Seconds { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(Scenario))]
internal sealed partial class ScenarioJson : JsonSerializerContext;
