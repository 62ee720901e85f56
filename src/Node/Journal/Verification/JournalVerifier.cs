using System.Text;
using System.Text.Json;
using EsHa.Domain.Facts;
using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Verification;

/// <summary>A break in a journal, with the record it concerns.</summary>
public sealed record JournalProblem(long Sequence, string What);

/// <summary>What verifying a journal found: how many records, the gaps the journal itself explains (JournalGap
/// records), and the problems (edited, missing or reordered records, a damaged file). Fine when there are none.</summary>
public sealed record JournalVerification(string Node, long Records, long LastSequence, IReadOnlyList<JournalGap> Gaps, IReadOnlyList<JournalProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// Recomputes an embedded journal's hash chain from its first record (or the anchor retention left), and checks
/// that sequences follow each other except where a <see cref="JournalGap"/> says why they do not, that every
/// record's columns agree with its canonical body, that every record is the journal's node's, and that the fold
/// checkpoints beside the records are what the records fold to (<see cref="CheckpointCheck"/>).
/// </summary>
public static class JournalVerifier
{
    public static JournalVerification Verify(string path)
    {
        var problems = new List<JournalProblem>();
        var gaps = new List<JournalGap>();
        var node = "";
        long count = 0, last = 0;
        try
        {
            using var connection = Embedded.JournalFile.OpenForReading(path);
            if (Embedded.SqliteJournal.Scalar(connection, "SELECT count(*) FROM sqlite_master") is 0L)
            {
                // Created and never initialised (the process died while creating it): an empty journal, intact.
                return new JournalVerification("", 0, 0, [], []);
            }

            node = Embedded.SqliteJournal.Scalar(connection, "SELECT value FROM journal_meta WHERE key = 'node'") as string ?? "";
            var (previous, expected) = Anchor(connection);
            var checkpoints = CheckpointCheck.Load(connection, node);
            if (expected > 1)
            {
                // Retention archived the start: the archives must chain up to the anchor the journal starts from.
                count += VerifyArchives(path, node, previous, expected - 1, gaps, problems, checkpoints);
            }

            var walk = new ChainWalk(node, previous, expected);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sequence, stream, type, at_us, wall_us, body, hash FROM records ORDER BY sequence";
            using var reader = command.ExecuteReader();
            try
            {
                while (reader.Read())
                {
                    var sequence = reader.GetInt64(0);
                    if (walk.Step(sequence, reader.GetString(5), (byte[])reader[6]) is not { } record)
                    {
                        continue;
                    }

                    if (!ColumnsAgree(reader, record))
                    {
                        walk.Problems.Add(new JournalProblem(sequence, $"record {sequence}: its columns disagree with its body (edited)"));
                    }

                    checkpoints.Record(record);
                }

                checkpoints.End();
            }
            finally
            {
                (count, last) = (count + walk.Count, walk.Last);
                problems.AddRange(walk.Problems);
                problems.AddRange(checkpoints.Problems);
                gaps.AddRange(walk.Gaps);
            }
        }
        catch (SqliteException e)
        {
            problems.Add(new JournalProblem(last + 1, $"the journal file is damaged after record {last}: {e.Message}"));
        }

        return new JournalVerification(node, count, last, gaps, problems);
    }

    /// <summary>The archive files retention wrote, in order: each chained to the one before, from the genesis to the
    /// journal's anchor. Returns how many records they hold.</summary>
    private static long VerifyArchives(string path, string node, byte[] anchorHash, long anchorSequence, List<JournalGap> gaps, List<JournalProblem> problems,
        CheckpointCheck checkpoints)
    {
        var directory = Embedded.JournalRetention.ArchiveDirectory(path);
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, $"{node}-*.jsonl").Order(StringComparer.Ordinal).ToList() : [];
        var walk = new ChainWalk(node, JournalChain.Genesis, 1);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            var name = Path.GetFileName(file);
            using (var header = JsonDocument.Parse(lines[0]))
            {
                if (!Convert.ToHexStringLower(walk.Previous).Equals(header.RootElement.GetProperty("previousHash").GetString(), StringComparison.Ordinal))
                {
                    problems.Add(new JournalProblem(walk.Expected, $"archive {name} does not follow the archive before it"));
                }
            }

            foreach (var line in lines.Skip(1))
            {
                var body = line[65..];
                if (walk.Step(JournalLine.Parse(body).Sequence, body, Convert.FromHexString(line[..64]), $"archive {name}: ") is { } record)
                {
                    checkpoints.Record(record, inJournal: false);
                }
            }
        }

        problems.AddRange(walk.Problems);
        gaps.AddRange(walk.Gaps);
        var (previous, expected, count) = (walk.Previous, walk.Expected, walk.Count);
        if (!previous.AsSpan().SequenceEqual(anchorHash) || expected - 1 != anchorSequence)
        {
            problems.Add(new JournalProblem(anchorSequence, files.Count == 0
                ? $"the journal starts after record {anchorSequence} but its archives ({directory}) are missing"
                : $"the archives end at record {expected - 1}, but the journal's chain anchor is record {anchorSequence} with another hash"));
        }

        return count;
    }

    /// <summary>The hash and sequence verification starts from: the anchor retention left, else the genesis.</summary>
    private static (byte[] Hash, long Next) Anchor(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, hash FROM chain_anchor ORDER BY sequence DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? ((byte[])reader[1], reader.GetInt64(0) + 1) : (JournalChain.Genesis, 1);
    }

    /// <summary>The columns the queries use must say what the body says.</summary>
    private static bool ColumnsAgree(SqliteDataReader row, JournalRecord record) =>
        record.Stream == row.GetString(1) && JournalLine.TypeOf(record.Fact) == row.GetString(2)
        && record.Fact.At.Microseconds == row.GetInt64(3) && Embedded.SqliteJournal.WallMicroseconds(record.Wall) == row.GetInt64(4);
}
