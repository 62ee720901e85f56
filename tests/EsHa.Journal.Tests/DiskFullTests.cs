using EsHa.Config.Tests.Support;
using EsHa.Domain.Vrrp;
using EsHa.Journal.Tests.Support;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using EsHa.Node.Simulation;
using Xunit;

namespace EsHa.Journal.Tests;

/// <summary>
/// The journal on a tiny filesystem (an 8 MiB tmpfs the test mounts, as root, then fills) fills up while the simulated cluster
/// keeps failing over: failover goes on, the journal counts what it could not write, and when space returns the
/// next write records a JournalGap that says which records are missing and why; the chain verifies throughout.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public void failovers_go_on_while_the_disk_is_full_and_a_journal_gap_is_recorded_when_space_returns()
    {
        RequireRoot();
        var dir = Records.TempDirectory();
        var mounted = false;
        try
        {
            Run("mount", "-t", "tmpfs", "-o", "size=8m", "esha-journal-full", dir.FullName);
            mounted = true;
            var seed = Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed");
            var flaps = Enumerable.Range(0, 20).SelectMany(i => new[]
            {
                new ScenarioFault(30 + (i * 60), "ka01", "link-down"),
                new ScenarioFault(50 + (i * 60), "ka01", "link-up"),
            }).ToList();
            var scenario = Scenario.Load(Path.Combine(seed, "scenario.json")) with { Faults = flaps, Until = 1200 };
            var journals = new Dictionary<string, SqliteJournal>();
            var simulator = new Simulator(scenario, seed, 1,
                node => journals[node] = SqliteJournal.Open(Path.Combine(dir.FullName, $"{node}.db"), node, Simulator.Epoch));
            var ka01 = journals["ka01"];
            Assert.Null(simulator.RunTo(100));
            Assert.True(ka01.Flush(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, ka01.Dropped);

            // Fill what is left of the filesystem.
            var filler = Path.Combine(dir.FullName, "filler");
            using (var stream = File.Create(filler))
            {
                var block = new byte[4096];
                try
                {
                    while (true)
                    {
                        stream.Write(block);
                        stream.Flush(flushToDisk: true);
                    }
                }
                catch (IOException)
                {
                    // No space left: as intended.
                }
            }

            var before = simulator.Trace.Count(l => l.Contains("became MASTER", StringComparison.Ordinal));
            Assert.Null(simulator.RunTo(700));
            Assert.True(ka01.Flush(TimeSpan.FromSeconds(30)));
            var during = simulator.Trace.Count(l => l.Contains("became MASTER", StringComparison.Ordinal)) - before;
            Assert.True(during >= 10, $"only {during} failovers while the disk was full");
            Assert.True(ka01.Dropped > 0, "nothing failed to write on a full disk");

            // Space returns; the cluster goes on; the next write explains the hole.
            File.Delete(filler);
            Assert.Null(simulator.RunTo(1200));
            Assert.Null(simulator.Finish());
            Assert.True(ka01.Flush(TimeSpan.FromSeconds(30)));
            var dropped = ka01.Dropped;
            foreach (var journal in journals.Values)
            {
                journal.Dispose();
            }

            var verified = JournalVerifier.Verify(Path.Combine(dir.FullName, "ka01.db"));
            Assert.True(verified.Intact, string.Join("; ", verified.Problems));
            var gap = Assert.Single(verified.Gaps);
            Assert.True(dropped == gap.LastSequence - gap.FirstSequence + 1, $"{dropped} dropped, gap {gap}");
            Assert.Equal($"{dropped} lost when writing failed: SQLite Error 13: 'database or disk is full'.", gap.Reason);

            // Counted independently: what the node journaled in memory, less what reached the disk, is the gap.
            var onDisk = verified.Records - verified.Gaps.Count;
            Assert.Equal(simulator.Journal("ka01").Count - onDisk, gap.LastSequence - gap.FirstSequence + 1);
            Assert.Equal(simulator.Journal("ka01")[^1].Sequence, verified.LastSequence);
        }
        finally
        {
            if (mounted)
            {
                Run("umount", "-l", dir.FullName);
            }

            dir.Delete(recursive: true);
        }
    }

    private static void RequireRoot()
    {
        if (Environment.UserName == "root")
        {
            return;
        }

        const string Reason = "mounting a tmpfs needs root (CI runs as root)";
        if (Prerequisite.InCi)
        {
            Assert.Fail(Reason);
        }

        Assert.Skip(Reason);
    }

    private static void Run(string file, params string[] arguments)
    {
        var (code, output) = Tools.Run(file, arguments);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)}: {output}");
    }
}
