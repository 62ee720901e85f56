using System.Text.Json;
using EsHa.Journal.Tests.Support;
using Xunit;

namespace EsHa.Journal.Tests;

/// <summary>
/// The forensics commands give the same answers from the central store as from the journals (issue 7): a simulated
/// run's journals are shipped into a real PostgreSQL (as the nodes' writer role) and `esha timeline`, `why` and
/// `replay` (the state at a time, and what-if) read them back as the auditor, byte for byte the same as with `--journal`. `why` reads only the records around
/// each move, so a run with a long gap, a crash, a clock jump and a partition checks that those are enough.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreForensicsTests(PostgresServer server)
{
    private const string Vip = "192.168.126.100";
    private static readonly string Seed = SeedScenario.Seed;

    [Fact]
    public async Task timeline_and_why_of_the_seed_run_are_the_same_from_the_store_as_from_the_journals()
    {
        var (_, writer, auditor) = await StoreSetup.SetUpAsync(server, "esha_forensics_seed");
        var dir = Records.TempDirectory();
        try
        {
            var journals = SimulateAndShip(Path.Combine(Seed, "scenario.json"), dir.FullName, writer);
            foreach (var query in new[]
            {
                new[] { "timeline", "--vip", Vip },
                ["timeline", "--vip", Vip, "--json"],
                ["why", "--vip", Vip, "--all"],
                ["why", "--vip", Vip, "--all", "--json"],
                ["why", "--vip", Vip, "--at", "2026-01-01T00:00:37Z"],
                ["why", "--vip", Vip, "--at", "2026-01-01T00:00:37Z", "--json"],
                ["replay", "--at", "2026-01-01T00:00:45Z"],
                ["replay", "--at", "2026-01-01T00:01:30Z", "--json"],
                ["replay", "--config", $"ka01={Path.Combine(Seed, "ka01", "keepalived.conf")}", "--json"],
            })
            {
                Same(query, journals, auditor);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task why_from_the_store_explains_every_move_of_a_run_with_a_gap_a_crash_and_a_clock_jump_as_the_journals_do()
    {
        var (_, writer, auditor) = await StoreSetup.SetUpAsync(server, "esha_forensics_gap");
        var dir = Records.TempDirectory();
        try
        {
            // Nobody holds the VIP from 100 s to 500 s (longer than why's first window), ka01 is killed and comes back,
            // ka02's wall clock steps back, ka01 is cut off and rejoins.
            var scenario = SeedScenario.Write(dir.FullName, """
                { "at": 30, "node": "ka01", "kind": "link-down" },
                { "at": 100, "node": "ka02", "kind": "link-down" },
                { "at": 500, "node": "ka01", "kind": "link-up" },
                { "at": 520, "node": "ka02", "kind": "link-up" },
                { "at": 560, "node": "ka01", "kind": "crash" },
                { "at": 900, "node": "ka01", "kind": "restart" },
                { "at": 960, "node": "ka02", "kind": "clock-jump", "seconds": -30 },
                { "at": 1000, "node": "ka01", "kind": "isolate" },
                { "at": 1040, "node": "ka01", "kind": "rejoin" }
                """, until: 1100);
            var journals = SimulateAndShip(scenario, dir.FullName, writer);
            var all = Same(["why", "--vip", Vip, "--all", "--json"], journals, auditor);
            var moves = JsonDocument.Parse(all).RootElement.EnumerateArray().Select(m => m.GetProperty("at").GetString()!).ToList();
            Assert.True(moves.Count >= 4, all);
            Same(["why", "--vip", Vip, "--all"], journals, auditor);
            Same(["why", "--vip", Vip], journals, auditor);
            foreach (var at in moves)
            {
                Same(["why", "--vip", Vip, "--at", at], journals, auditor);
            }

            // The store reads the transitions of half an hour around T first, then wider: 28 minutes after a move its
            // old holder's letting go (400 s before the move at 500 s) is outside the first span, and five hours after
            // the run no move is in it.
            foreach (var later in moves.Select(m => DateTimeOffset.Parse(m, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(28))
                .Append(DateTimeOffset.Parse(moves[^1], System.Globalization.CultureInfo.InvariantCulture).AddHours(5)))
            {
                Same(["why", "--vip", Vip, "--at", later.ToString("O", System.Globalization.CultureInfo.InvariantCulture)], journals, auditor);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task a_store_that_cannot_be_read_is_one_line_on_stderr_and_exit_2()
    {
        server.Require();
        var empty = await server.CreateDatabaseAsync("esha_forensics_empty");
        foreach (var (store, reason) in new[]
        {
            ("Host=127.0.0.1;Port=1;Username=esha;Database=esha;Timeout=5", "Failed to connect"),
            (empty, "esha store init"),
            ("Host=127.0.0.1;Bogus=1", "bogus"),
        })
        {
            foreach (var command in new[] { "why", "timeline" })
            {
                var (code, output, errors) = Records.Esha(command, "--vip", Vip, "--store", store);
                Assert.True(code == 2, $"{command} --store {store}: exit {code}: {output}{errors}");
                Assert.Equal("", output);
                var line = Assert.Single(errors.TrimEnd('\n').Split('\n'));
                Assert.StartsWith("--store: cannot read the central store: ", line, StringComparison.Ordinal);
                Assert.Contains(reason, line, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Simulates a scenario into journals, ships each to the store; the --journal arguments for them.</summary>
    private static string[] SimulateAndShip(string scenario, string directory, string writer)
    {
        var simulated = Records.Esha("simulate", scenario, "--journal", directory);
        Assert.True(simulated.Code == 0, simulated.Out + simulated.Err);
        var journals = new List<string>();
        foreach (var node in new[] { "ka01", "ka02" })
        {
            var path = Path.Combine(directory, $"{node}.db");
            var shipped = Records.Esha("ship", "--journal", path, "--store", writer);
            Assert.True(shipped.Code == 0, shipped.Out + shipped.Err);
            journals.AddRange(["--journal", path]);
        }

        return [.. journals];
    }

    /// <summary>Runs a query on the journals and on the store: the same exit, the same output; the output.</summary>
    private static string Same(string[] query, string[] journals, string store)
    {
        var fromJournals = Records.Esha([.. query, .. journals]);
        Assert.True(fromJournals.Code == 0, $"{string.Join(' ', query)} --journal ...: {fromJournals.Out}{fromJournals.Err}");
        var fromStore = Records.Esha([.. query, "--store", store]);
        Assert.True(fromStore.Code == 0, $"{string.Join(' ', query)} --store: {fromStore.Out}{fromStore.Err}");
        Assert.Equal(fromJournals.Out, fromStore.Out);
        Assert.Equal("", fromStore.Err);
        return fromStore.Out;
    }
}
