using System.Text.Json;
using Xunit;

namespace EsHa.Node.Tests.Forensics;

/// <summary>
/// esha timeline, why and replay on the seed cluster's journals (ka01 loses its link at 30 s, gets it back at 60 s,
/// preempt_delay 10), as a user runs them: goldens for the terminal and JSON output, and the what-if answers of
/// issue 7 (nopreempt removes the move back; preempt_delay 30 moves it later).
/// </summary>
public sealed class ForensicsCommandTests(SeedRun seed) : IClassFixture<SeedRun>
{
    private const string Vip = "192.168.126.100";

    [Fact]
    public void timeline_prints_the_merged_decisions_as_a_table_and_as_json()
    {
        foreach (var (name, extra) in new[] { ("seed-timeline.txt", Array.Empty<string>()), ("seed-timeline.json", ["--json"]) })
        {
            var (code, output) = seed.Esha_(["timeline", .. seed.Journals, "--vip", Vip, .. extra]);
            Assert.Equal(0, code);
            SeedRun.Golden(name, output);
        }

        // A filter narrows it: one node, a window.
        var (_, ka02) = seed.Esha_(["timeline", .. seed.Journals, "--node", "ka02", "--from", "2026-01-01T00:00:30Z", "--to", "2026-01-01T00:01:30Z", "--json"]);
        using var lines = JsonDocument.Parse(ka02);
        Assert.Equal(["became MASTER from Backup: master down timer expired", "gratuitous ARPs x5 (delayed)",
            "became BACKUP from Master: higher priority master (10.1.1.1 prio 100)"],
            lines.RootElement.EnumerateArray().Where(l => l.GetProperty("node").GetString() == "ka02").Select(l => l.GetProperty("what").GetString()));
        // A window is read through the journals' wall-clock index (and the VIP's): the same lines as the whole
        // timeline has in that window.
        var (_, whole) = seed.Esha_(["timeline", .. seed.Journals, "--vip", Vip, "--json"]);
        var (_, window) = seed.Esha_(["timeline", .. seed.Journals, "--vip", Vip, "--from", "2026-01-01T00:00:30Z", "--to", "2026-01-01T00:01:01Z", "--json"]);
        using (var all = JsonDocument.Parse(whole))
        using (var part = JsonDocument.Parse(window))
        {
            var expected = all.RootElement.EnumerateArray().Where(l => string.CompareOrdinal(l.GetProperty("at").GetString(), "2026-01-01T00:00:30") >= 0
                && string.CompareOrdinal(l.GetProperty("at").GetString(), "2026-01-01T00:01:01") <= 0).Select(l => l.GetRawText()).ToList();
            Assert.Equal(6, expected.Count);
            Assert.Equal(expected, part.RootElement.EnumerateArray().Select(l => l.GetRawText()));
        }

        var (bad, why) = seed.Esha_(["timeline", .. seed.Journals, "--from", "yesterday"]);
        Assert.Equal((1, true), (bad, why.Contains("--from: \"yesterday\" is not a time", StringComparison.Ordinal)));
    }

    [Fact]
    public void why_names_the_link_loss_then_the_preemption_and_marks_what_it_infers()
    {
        var (code, text) = seed.Esha_(["why", .. seed.Journals, "--vip", Vip, "--all"]);
        Assert.Equal(0, code);
        SeedRun.Golden("seed-why.txt", text);
        Assert.StartsWith("00:00:37.257 192.168.126.100 moved ka01 -> ka02: ka01: link down at 00:00:30.000 -> entered FAULT", text, StringComparison.Ordinal);
        Assert.Contains("00:01:19.867 192.168.126.100 moved ka02 -> ka01: ka01 preempted after its preempt delay (10 s, until 00:01:11.258)", text, StringComparison.Ordinal);
        var (_, json) = seed.Esha_(["why", .. seed.Journals, "--vip", Vip, "--all", "--json"]);
        SeedRun.Golden("seed-why.json", json);
        using (var moves = JsonDocument.Parse(json))
        {
            var chain = moves.RootElement[0].GetProperty("chain").EnumerateArray().ToList();
            Assert.Equal(("ka01", "InterfaceLinkChanged"), (chain[0].GetProperty("node").GetString(), chain[0].GetProperty("type").GetString()));
            // The one step across nodes is matched by advert content, and says so.
            Assert.Equal(["AdvertSent"], chain.Where(l => l.GetProperty("inferred").GetBoolean()).Select(l => l.GetProperty("type").GetString()));
        }

        // --at picks the move nearest the time.
        var (_, nearest) = seed.Esha_(["why", .. seed.Journals, "--vip", Vip, "--at", "2026-01-01T00:01:15Z"]);
        Assert.StartsWith("00:01:19.867 192.168.126.100 moved ka02 -> ka01", nearest, StringComparison.Ordinal);

        // Only ka02's journal: the first move is explained from the adverts that stopped, the root inferred.
        var (alone, inferred) = seed.Esha_(["why", "--journal", seed.Journal("ka02"), "--vip", Vip, "--all"]);
        Assert.Equal(0, alone);
        SeedRun.Golden("seed-why-ka02-only.txt", inferred);
        Assert.StartsWith("00:00:37.257 192.168.126.100 moved 10.1.1.1 -> ka02: 10.1.1.1: no journal; inferred", inferred, StringComparison.Ordinal);
        Assert.Contains("(inferred) stopped advertising after 00:00:27.609", inferred, StringComparison.Ordinal);
    }

    [Fact]
    public void why_for_one_move_reads_a_window_through_the_vip_index_and_answers_as_over_everything()
    {
        // --all reads every record; --at and the default (the last move) read the VIP's index and a window around the
        // chosen move: the same chain, word for word, each time.
        var (_, all) = seed.Esha_(["why", .. seed.Journals, "--vip", Vip, "--all", "--json"]);
        using var every = JsonDocument.Parse(all);
        var moves = every.RootElement.EnumerateArray().Select(m => m.GetRawText()).ToList();
        foreach (var (at, index) in new[] { ("2026-01-01T00:00:05Z", 0), ("2026-01-01T00:00:40Z", 0), ("2026-01-01T00:01:00Z", 1), ("2026-01-01T00:01:50Z", 1) })
        {
            var (code, one) = seed.Esha_(["why", .. seed.Journals, "--vip", Vip, "--at", at, "--json"]);
            Assert.Equal(0, code);
            using var parsed = JsonDocument.Parse(one);
            Assert.Equal(moves[index], Assert.Single(parsed.RootElement.EnumerateArray()).GetRawText());
        }

        var (_, last) = seed.Esha_(["why", .. seed.Journals, "--vip", Vip, "--json"]);
        using (var parsed = JsonDocument.Parse(last))
        {
            Assert.Equal(moves[^1], Assert.Single(parsed.RootElement.EnumerateArray()).GetRawText());
        }

        var (never, said) = seed.Esha_(["why", .. seed.Journals, "--vip", "192.0.2.1"]);
        Assert.Equal((1, "192.0.2.1 did not move in these records\n"), (never, said));
    }

    [Fact]
    public void replay_at_a_time_folds_every_node_instance_and_vip_to_then()
    {
        var (code, text) = seed.Esha_(["replay", .. seed.Journals, "--at", "2026-01-01T00:00:45Z"]);
        Assert.Equal(0, code);
        SeedRun.Golden("seed-replay-at-45s.txt", text);
        var (_, json) = seed.Esha_(["replay", .. seed.Journals, "--at", "2026-01-01T00:00:45Z", "--json"]);
        SeedRun.Golden("seed-replay-at-45s.json", json);
        using var state = JsonDocument.Parse(json);
        Assert.Equal(["ka01 FAULT", "ka02 MASTER"], state.RootElement.GetProperty("instances").EnumerateArray()
            .Select(i => $"{i.GetProperty("node").GetString()} {i.GetProperty("role").GetString()}"));
        Assert.Equal("ka02", state.RootElement.GetProperty("vips")[0].GetProperty("node").GetString());
        var (_, later) = seed.Esha_(["replay", .. seed.Journals, "--at", "2026-01-01T00:01:30Z", "--json"]);
        using var back = JsonDocument.Parse(later);
        Assert.Equal("ka01", back.RootElement.GetProperty("vips")[0].GetProperty("node").GetString());
    }

    [Fact]
    public void what_if_nopreempt_removes_the_move_back_and_preempt_delay_30_makes_it_later()
    {
        var (code, nopreempt) = seed.Esha_(["replay", .. seed.Journals, "--config", $"ka01={seed.Config("ka01-nopreempt")}"]);
        Assert.Equal(0, code);
        SeedRun.Golden("seed-what-if-nopreempt.txt", nopreempt);
        Assert.Contains("nopreempt false -> true", nopreempt, StringComparison.Ordinal);
        Assert.Contains("1 removed, 0 added, 0 shifted, 2 the same", nopreempt, StringComparison.Ordinal);

        var (_, json) = seed.Esha_(["replay", .. seed.Journals, "--config", $"ka01={seed.Config("ka01-delay30")}", "--json"]);
        SeedRun.Golden("seed-what-if-delay30.json", json);
        using var answer = JsonDocument.Parse(json);
        var back = answer.RootElement.GetProperty("handovers").EnumerateArray().Single(h => h.GetProperty("from").GetString() == "ka02");
        Assert.Equal("shifted", back.GetProperty("change").GetString());
        Assert.Equal("2026-01-01T00:01:19.867Z", back.GetProperty("happened").GetString());
        // 20 s more delay: it ends at 01:31.258 instead of 01:11.258. ka02 advertises every 3 s (advert_int 3), the one
        // at 01:31.258 is no longer heeded (keepalived's preempt_time > now), so the last heeded is at 01:28.258 and the
        // 9.609 s master-down timer runs out at 01:37.867: 18 s later (20 s less the 2 s between adverts' phase).
        Assert.Equal(("2026-01-01T00:01:37.867Z", 18.0), (back.GetProperty("wouldHave").GetString(), back.GetProperty("shiftSeconds").GetDouble()));
        Assert.Contains("preempt delay (30 s, until 00:01:31.258)", back.GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void a_what_if_from_a_later_time_starts_the_nodes_there_with_the_world_as_recorded_then()
    {
        // From 00:00:45 ka01's link is down (recorded at 30 s): the replay starts both nodes fresh with it down, so ka02
        // is elected, and the move back after the link returns happens later only by the preempt delay's phase.
        var (code, json) = seed.Esha_(["replay", .. seed.Journals, "--config", $"ka01={seed.Config("ka01-nopreempt")}", "--from", "2026-01-01T00:00:45Z", "--json"]);
        Assert.True(code == 0, json);
        using var answer = JsonDocument.Parse(json);
        var handovers = answer.RootElement.GetProperty("handovers").EnumerateArray()
            .Select(h => $"{h.GetProperty("change").GetString()} {h.GetProperty("from").GetString() ?? "-"} -> {h.GetProperty("to").GetString()}").ToList();
        // What happened in the window: only the move back (ka02 -> ka01); with nopreempt it does not happen, and the
        // replay's cold start elects ka02 (ka01's link is down).
        Assert.Equal(["removed ka02 -> ka01", "added - -> ka02"], handovers);
    }

    [Fact]
    public void a_replay_with_the_configuration_a_node_ran_reproduces_what_happened()
    {
        var (code, same) = seed.Esha_(["replay", .. seed.Journals, "--config", $"ka01={Path.Combine(EsHa.Config.Tests.Support.Corpus.RepoRoot, "ops", "examples", "seed", "ka01", "keepalived.conf")}"]);
        Assert.Equal(0, code);
        Assert.Contains("0 removed, 0 added, 0 shifted, 3 the same: the other configuration would not have changed who held the VIPs", same, StringComparison.Ordinal);
    }

    [Fact]
    public void replay_says_what_is_wrong_with_its_options()
    {
        Assert.Equal((1, "--config ka03=...: no journal of a node called ka03 (nodes: ka01, ka02)\n"),
            seed.Esha_(["replay", .. seed.Journals, "--config", $"ka03={seed.Config("ka01-delay30")}"]));
        Assert.Equal((1, "--config ka01: /nowhere.conf: no such file\n"), seed.Esha_(["replay", .. seed.Journals, "--config", "ka01=/nowhere.conf"]));
        var (both, message) = seed.Esha_(["replay", .. seed.Journals, "--at", "2026-01-01T00:00:45Z", "--config", $"ka01={seed.Config("ka01-delay30")}"]);
        Assert.Equal((1, true), (both, message.Contains("give either --at T (the state then) or --config NODE=FILE (what-if)", StringComparison.Ordinal)));
        var (none, why) = seed.Esha_(["replay", "--at", "2026-01-01T00:00:45Z"]);
        Assert.Equal((1, true), (none, why.Contains("give either --journal PATH (one per node) or --store CONNSTRING", StringComparison.Ordinal)));
    }
}
