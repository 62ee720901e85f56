using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Journal.Tests.Support;
using EsHa.Node.Journal;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using EsHa.Node.Simulation;
using Microsoft.Data.Sqlite;
using Xunit;
using static EsHa.Journal.Tests.Support.Records;

namespace EsHa.Journal.Tests;

/// <summary>The embedded journal: append, read back by sequence, time and VIP, reopen, gaps, and tampering found.</summary>
public sealed class EmbeddedJournalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void appended_records_read_back_by_sequence_and_time_and_the_chain_verifies()
    {
        var dir = TempDirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "ka02.db");
            using (var journal = SqliteJournal.Open(path, "ka02", DateTimeOffset.UnixEpoch))
            {
                Assert.Equal(1, journal.LastSequence);
                Assert.IsType<JournalCreated>(journal.LastFactAtOpen);
                for (var sequence = 2; sequence <= 1000; sequence++)
                {
                    journal.Append(Advert_("ka02", sequence));
                }

                Assert.True(journal.Flush(Patience));
                Assert.Equal(1000, journal.DurableSequence);
            }

            using (var reader = new JournalReader(path))
            {
                var all = reader.Range().ToList();
                Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), all.Select(r => r.Sequence));
                Assert.Equal(JournalLine.Of(Advert_("ka02", 500)), JournalLine.Of(all[499]));
                Assert.Equal([100L, 101, 102], reader.Range(100, 102).Select(r => r.Sequence));
                Assert.Equal([200L, 201], reader.Between(DateTimeOffset.UnixEpoch.AddSeconds(200), DateTimeOffset.UnixEpoch.AddSeconds(201)).Select(r => r.Sequence));
                Assert.Equal(999, reader.Stream("VI_1").Count());
            }

            var verified = JournalVerifier.Verify(path);
            Assert.True(verified.Intact, string.Join('\n', verified.Problems));
            Assert.Equal(1000, verified.Records);

            // Reopened, the journal continues where it stopped and tells the next start how the last run ended.
            using var again = SqliteJournal.Open(path, "ka02", DateTimeOffset.UnixEpoch);
            Assert.Equal(1000, again.LastSequence);
            Assert.IsType<AdvertReceived>(again.LastFactAtOpen);
            Assert.Throws<InvalidOperationException>(() => SqliteJournal.Open(path, "ka01", DateTimeOffset.UnixEpoch));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void a_journal_file_left_empty_by_a_kill_while_creating_it_verifies_as_empty_and_opens_as_new()
    {
        var dir = TempDirectory();
        try
        {
            // What a kill between creating the file and the first commit leaves (the crash test found it).
            var path = Path.Combine(dir.FullName, "ka01.db");
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode = WAL";
                wal.ExecuteNonQuery();
            }

            var empty = JournalVerifier.Verify(path);
            Assert.True(empty.Intact, string.Join("; ", empty.Problems));
            Assert.Equal(0, empty.Records);
            using var journal = SqliteJournal.Open(path, "ka01", DateTimeOffset.UnixEpoch);
            Assert.Equal(1, journal.LastSequence);
            Assert.IsType<JournalCreated>(journal.LastFactAtOpen);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void missing_sequences_are_written_as_a_journal_gap_and_the_chain_goes_on_through_it()
    {
        var dir = TempDirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "ka01.db");
            using (var journal = SqliteJournal.Open(path, "ka01", DateTimeOffset.UnixEpoch))
            {
                journal.Append(Advert_("ka01", 2));
                journal.Append(Advert_("ka01", 5));
                Assert.True(journal.Flush(Patience));
            }

            var verified = JournalVerifier.Verify(path);
            Assert.True(verified.Intact, string.Join('\n', verified.Problems));
            var gap = Assert.Single(verified.Gaps);
            Assert.Equal((3, 4), (gap.FirstSequence, gap.LastSequence));
            Assert.Equal("2 lost before the writer saw them", gap.Reason);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void an_overflowing_queue_drops_and_counts_and_the_next_write_records_the_gap()
    {
        var dir = TempDirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "ka01.db");
            long dropped;
            using (var journal = SqliteJournal.Open(path, "ka01", DateTimeOffset.UnixEpoch, queueCapacity: 1))
            {
                for (var sequence = 2; sequence <= 20_000; sequence++)
                {
                    journal.Append(Advert_("ka01", sequence));
                }

                Assert.True(journal.Flush(Patience));
                journal.Append(Advert_("ka01", 20_001));
                Assert.True(journal.Flush(Patience));
                dropped = journal.Dropped;
            }

            Assert.True(dropped > 0, "20,000 appends into a queue of one never overflowed");
            var verified = JournalVerifier.Verify(path);
            Assert.True(verified.Intact, string.Join('\n', verified.Problems));
            Assert.NotEmpty(verified.Gaps);
            Assert.All(verified.Gaps, g => Assert.Equal($"the journal's queue was full ({g.LastSequence - g.FirstSequence + 1} dropped)", g.Reason));
            Assert.Equal(dropped, verified.Gaps.Sum(g => g.LastSequence - g.FirstSequence + 1));
            Assert.Equal(20_001, verified.LastSequence);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void a_simulated_run_writes_journals_that_index_the_vips_moves()
    {
        var dir = TempDirectory();
        try
        {
            var scenarioPath = Path.Combine(Config.Tests.Support.Corpus.RepoRoot, "ops", "examples", "seed", "scenario.json");
            var journals = new List<SqliteJournal>();
            var simulator = new Simulator(Scenario.Load(scenarioPath), Path.GetDirectoryName(scenarioPath)!, 1, node =>
            {
                var journal = SqliteJournal.Open(Path.Combine(dir.FullName, $"{node}.db"), node, Simulator.Epoch);
                journals.Add(journal);
                return journal;
            });
            Assert.Null(simulator.Run());
            journals.ForEach(j => j.Dispose());

            foreach (var node in simulator.NodeNames)
            {
                var path = Path.Combine(dir.FullName, $"{node}.db");
                using var reader = new JournalReader(path);
                Assert.Equal(simulator.Journal(node).Select(JournalLine.Of), reader.Range().Select(JournalLine.Of));
                Assert.True(JournalVerifier.Verify(path).Intact);
            }

            using var ka02 = new JournalReader(Path.Combine(dir.FullName, "ka02.db"));
            var moves = ka02.VipMoves("192.168.126.100").Select(r => r.Fact).ToList();
            Assert.Contains(moves, f => f is BecameMaster { Reason: MasterReason.MasterDownTimerExpired });
            Assert.All(moves, f => Assert.True(f is InstanceStarted or BecameMaster or BecameBackup or EnteredFault or InstanceStopped or VipDriftFound or SettingsChanged));
            Assert.IsType<InstanceStarted>(moves[0]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void esha_verify_names_a_record_edited_byte_by_byte_in_the_file_and_one_deleted_with_sql()
    {
        var dir = TempDirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "ka01.db");
            using (var journal = SqliteJournal.Open(path, "ka01", DateTimeOffset.UnixEpoch))
            {
                for (var sequence = 2; sequence <= 100; sequence++)
                {
                    journal.Append(Advert_("ka01", sequence));
                }

                Assert.True(journal.Flush(Patience));
            }

            var intact = Esha("verify", "--journal", path);
            Assert.True(intact.Code == 0, intact.Out + intact.Err);
            Assert.Contains("chain intact", intact.Out, StringComparison.Ordinal);

            // One byte of record 42's body, in the database file itself: "10.1.1.1" becomes "10.1.1.3".
            var bytes = File.ReadAllBytes(path);
            var marker = System.Text.Encoding.UTF8.GetBytes("\"sequence\":42,");
            var start = bytes.AsSpan().IndexOf(marker);
            Assert.True(start > 0, "record 42's body is stored inline in the file");
            var source = bytes.AsSpan(start).IndexOf("10.1.1.1"u8) + start;
            bytes[source + 7] = (byte)'3';
            File.WriteAllBytes(path, bytes);
            var edited = Esha("verify", "--journal", path);
            Assert.Equal(1, edited.Code);
            Assert.Contains("record 42", edited.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("record 41", edited.Out, StringComparison.Ordinal);

            // Put it back, then delete record 60 the way someone with sqlite3 would.
            bytes[source + 7] = (byte)'1';
            File.WriteAllBytes(path, bytes);
            Assert.Equal(0, Esha("verify", "--journal", path).Code);
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM records WHERE sequence = 60";
                Assert.Equal(1, delete.ExecuteNonQuery());
            }

            var deleted = Esha("verify", "--journal", path, "--json");
            Assert.Equal(1, deleted.Code);
            Assert.Contains("records 60..60 are missing", deleted.Out, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
