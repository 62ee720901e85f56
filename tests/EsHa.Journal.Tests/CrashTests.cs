using System.Diagnostics;
using EsHa.Journal.Tests.Support;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using Xunit;

namespace EsHa.Journal.Tests;

/// <summary>kill -9 at random moments: a child process appends as fast as it can and says what is durable; after
/// each kill the journal reopens as a valid prefix, its chain verifies, and nothing reported durable is missing.</summary>
public sealed class CrashTests
{
    /// <summary>
    /// A kill while a write is half done in rollback mode (a new journal is switched to WAL that way) leaves a hot
    /// rollback journal, which a read-only connection refuses to read (SQLITE_READONLY): CI once killed the writer at
    /// that moment and `verify` called the journal damaged. Here the same files are made by copying them while a
    /// transaction that has spilled pages into the database is open.
    /// </summary>
    [Fact]
    public void a_journal_left_with_a_hot_rollback_journal_verifies_and_reads()
    {
        var dir = Records.TempDirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "ka02.db");
            using (var journal = SqliteJournal.Open(path, "ka02", DateTimeOffset.UnixEpoch))
            {
                for (long sequence = 2; sequence <= 100; sequence++)
                {
                    journal.Append(Records.Advert_("ka02", sequence));
                }

                Assert.True(journal.Flush(TimeSpan.FromSeconds(30)));
            }

            var crashed = Path.Combine(dir.FullName, "crashed.db");
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
            {
                connection.Open();
                Execute(connection, "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2;");
                using var transaction = connection.BeginTransaction();
                Execute(connection, "CREATE TABLE scratch (x TEXT)", transaction);
                for (var i = 0; i < 2_000; i++)
                {
                    Execute(connection, $"INSERT INTO scratch VALUES ('{new string('x', 800)}')", transaction);
                }

                File.Copy(path, crashed);
                File.Copy(path + "-journal", crashed + "-journal");
                transaction.Rollback();
            }

            var verified = JournalVerifier.Verify(crashed);
            Assert.True(verified.Intact, string.Join("; ", verified.Problems));
            Assert.Equal(100, verified.LastSequence);
            using var reader = new JournalReader(crashed);
            Assert.Equal(100, reader.Range().Count());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, Microsoft.Data.Sqlite.SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>50 kills per run; ESHA_STRESS=1 makes it 500.</summary>
    private static int Kills => Environment.GetEnvironmentVariable("ESHA_STRESS") == "1" ? 500 : 50;

    [Fact]
    public async Task every_reopen_after_a_kill_verifies_and_keeps_every_record_reported_durable()
    {
        var dir = Records.TempDirectory();
        var random = new Random(20261129);
        try
        {
            long durableEver = 0, durableTotal = 0;
            var killedWhileWriting = 0;
            var path = "";
            for (var kill = 0; kill < Kills; kill++)
            {
                if (kill % 10 == 0)
                {
                    // A new journal every ten kills keeps each full verification quick.
                    path = Path.Combine(dir.FullName, $"crash-{kill / 10}.db");
                    durableTotal += durableEver;
                    durableEver = 0;
                }

                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "esha.dll"), "journal", "load", path, "--node", "crash" })
                {
                    start.ArgumentList.Add(argument);
                }

                using var child = Process.Start(start)!;
                var opened = new TaskCompletionSource();
                var lines = new List<string>();
                var output = Task.Run(async () =>
                {
                    while (await child.StandardOutput.ReadLineAsync() is { } line)
                    {
                        lock (lines)
                        {
                            lines.Add(line);
                            if (lines.Count >= 2)
                            {
                                // "durable 1" comes at open; a second line means appends are being committed.
                                opened.TrySetResult();
                            }
                        }
                    }

                    opened.TrySetResult();
                }, TestContext.Current.CancellationToken);
                var errors = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

                // One kill in five lands anywhere from start-up (opening, creating the schema); the others while
                // appending, up to a quarter of a second after the first commit.
                if (kill % 5 == 0)
                {
                    await Task.Delay(random.Next(0, 600), TestContext.Current.CancellationToken);
                }
                else
                {
                    await opened.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
                    await Task.Delay(random.Next(1, 250), TestContext.Current.CancellationToken);
                }

                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(TestContext.Current.CancellationToken);
                await output;
                Assert.True(child.ExitCode != 0, $"kill {kill}: the writer ended by itself: {await errors}");
                var reported = lines.Select(l => long.Parse(l["durable ".Length..], System.Globalization.CultureInfo.InvariantCulture))
                    .DefaultIfEmpty(0).Max();
                durableEver = Math.Max(durableEver, reported);
                if (lines.Count > 1)
                {
                    killedWhileWriting++;
                }

                if (!File.Exists(path))
                {
                    Assert.Equal(0, durableEver);
                    continue;
                }

                var verified = JournalVerifier.Verify(path);
                Assert.True(verified.Intact, $"kill {kill}: {string.Join("; ", verified.Problems)}");
                Assert.True(verified.LastSequence >= durableEver,
                    $"kill {kill}: the journal ends at {verified.LastSequence} but {durableEver} was reported durable");
                Assert.Empty(verified.Gaps);
            }

            // The kills must have landed while records were being written, not only at start-up.
            Assert.True(killedWhileWriting >= Kills / 2, $"only {killedWhileWriting} of {Kills} kills came while appending");
            Assert.True(durableTotal + durableEver > 10_000, $"only {durableTotal + durableEver} records were ever durable");
            using var reopened = SqliteJournal.Open(path, "crash", DateTimeOffset.UnixEpoch);
            Assert.True(reopened.LastSequence >= durableEver);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
