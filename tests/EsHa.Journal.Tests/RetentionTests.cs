using EsHa.Journal.Tests.Support;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Journal.Verification;
using Xunit;
using static EsHa.Journal.Tests.Support.Records;

namespace EsHa.Journal.Tests;

/// <summary>Retention archives whole old segments and the journal with its archives still verifies as one chain;
/// a missing or edited archive is found.</summary>
public sealed class RetentionTests
{
    [Fact]
    public void old_segments_move_to_archives_and_the_chain_verifies_across_them()
    {
        var dir = TempDirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "ka01.db");
            using (var journal = SqliteJournal.Open(path, "ka01", DateTimeOffset.UnixEpoch))
            {
                for (var sequence = 2; sequence <= 10_000; sequence++)
                {
                    // A hole at 4,000..4,099 (as if the disk had been full), explained by a JournalGap.
                    if (sequence is < 4_000 or >= 4_100)
                    {
                        journal.Append(Advert_("ka01", sequence));
                    }
                }

                Assert.True(journal.Flush(TimeSpan.FromSeconds(30)));
                var moved = journal.Retain(new JournalRetention(SegmentRecords: 1_000, KeepRecords: 2_500), DateTimeOffset.UnixEpoch);
                Assert.Equal(7_000 - 99, moved);

                // Appending goes on after retention, and a second pass with nothing old enough moves nothing.
                journal.Append(Advert_("ka01", 10_001));
                Assert.True(journal.Flush(TimeSpan.FromSeconds(30)));
                Assert.Equal(0, journal.Retain(new JournalRetention(1_000, KeepRecords: 2_500), DateTimeOffset.UnixEpoch));

                // By age: records are a second apart from the epoch; keep the last hour.
                var byAge = journal.Retain(new JournalRetention(1_000, KeepAge: TimeSpan.FromHours(1)), DateTimeOffset.UnixEpoch.AddSeconds(11_601));
                Assert.Equal(1_000, byAge);
            }

            var archives = Directory.GetFiles(JournalRetention.ArchiveDirectory(path)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(8, archives.Count);
            Assert.EndsWith("ka01-000000000001-000000001000.jsonl", archives[0], StringComparison.Ordinal);
            var verified = JournalVerifier.Verify(path);
            Assert.True(verified.Intact, string.Join("; ", verified.Problems));
            Assert.Equal(10_001 - 99, verified.Records);
            Assert.Single(verified.Gaps);
            using (var reader = new JournalReader(path))
            {
                Assert.Equal(8_001, reader.Range().First().Sequence);
            }

            // An edited archive line is found, and so is a missing archive.
            var lines = File.ReadAllLines(archives[2]);
            lines[10] = lines[10].Replace("10.1.1.1", "10.1.1.9", StringComparison.Ordinal);
            File.WriteAllLines(archives[2], lines);
            var edited = JournalVerifier.Verify(path);
            Assert.Contains(edited.Problems, p => p.What.Contains("record 2010", StringComparison.Ordinal));
            File.Delete(archives[2]);
            var missing = JournalVerifier.Verify(path);
            Assert.Contains(missing.Problems, p => p.What.Contains("records 2001..3000 are missing", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
