using EsHa.Config.Tests.Support;

namespace EsHa.Journal.Tests.Support;

/// <summary>The user's two nodes (ops/examples/seed) in a scenario of a test's own: its faults and its end.</summary>
internal static class SeedScenario
{
    public static readonly string Seed = Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed");

    /// <summary>Writes scenario.json into <paramref name="directory"/> and returns its path.</summary>
    /// <param name="faults">the JSON objects of the "faults" list, comma-separated</param>
    public static string Write(string directory, string faults, int until)
    {
        var path = Path.Combine(directory, "scenario.json");
        File.WriteAllText(path, $$"""
            {
              "nodes": [
                { "name": "ka01", "config": "{{Path.Combine(Seed, "ka01", "keepalived.conf")}}", "address": "10.1.1.1" },
                { "name": "ka02", "config": "{{Path.Combine(Seed, "ka02", "keepalived.conf")}}", "address": "10.1.1.2" }
              ],
              "faults": [ {{faults}} ],
              "until": {{until}}
            }
            """);
        return path;
    }
}
