using System.Text;
using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Embedded;

/// <summary>Moves whole old segments of a journal into archive files and moves the chain anchor past them.</summary>
internal static class JournalArchiver
{
    public static long Archive(SqliteConnection connection, string path, string node, JournalRetention policy, long lastWritten, DateTimeOffset now)
    {
        long moved = 0;
        while (OldestSegment(connection, policy, lastWritten, now) is var (first, last))
        {
            var directory = JournalRetention.ArchiveDirectory(path);
            Directory.CreateDirectory(directory);
            var file = System.IO.Path.Combine(directory, $"{node}-{first:D12}-{last:D12}.jsonl");
            var previous = AnchorHash(connection, first);
            var lastHash = previous;
            var anchor = last;
            var temporary = file + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.Write($"{{\"node\":\"{node}\",\"first\":{first},\"last\":{last},\"previousHash\":\"{Convert.ToHexStringLower(previous)}\"}}\n");
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT hash, body FROM records WHERE sequence BETWEEN $a AND $b ORDER BY sequence";
                command.Parameters.AddWithValue("$a", first);
                command.Parameters.AddWithValue("$b", last);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    lastHash = (byte[])reader[0];
                    var record = JournalLine.Parse(reader.GetFieldValue<byte[]>(1));

                    // The anchor names the last sequence accounted for: a gap's last missing one, else the record's.
                    anchor = record.Fact is Domain.Facts.JournalGap gap ? gap.LastSequence : record.Sequence;
                    writer.Write(Convert.ToHexStringLower(lastHash));
                    writer.Write(' ');
                    writer.Write(reader.GetString(1));
                    writer.Write('\n');
                    moved++;
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            // The archive is on disk before the records leave the journal: a crash in between leaves both, never neither.
            File.Move(temporary, file, overwrite: true);
            using var transaction = connection.BeginTransaction();
            foreach (var sql in new[]
            {
                "DELETE FROM records WHERE sequence BETWEEN $a AND $b",
                "DELETE FROM vip_index WHERE sequence BETWEEN $a AND $b",
                "DELETE FROM real_server_index WHERE sequence BETWEEN $a AND $b",
                // A checkpoint of archived records would have a replay go on from it past records no longer here.
                "DELETE FROM fold_checkpoints WHERE sequence <= $b",
                "DELETE FROM chain_anchor",
                "INSERT INTO chain_anchor (sequence, hash) VALUES ($anchor, $hash)",
            })
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("$a", first);
                command.Parameters.AddWithValue("$b", last);
                command.Parameters.AddWithValue("$hash", lastHash);
                command.Parameters.AddWithValue("$anchor", anchor);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return moved;
    }

    /// <summary>The first whole segment (by sequence) that the policy lets go, or null.</summary>
    private static (long First, long Last)? OldestSegment(SqliteConnection connection, JournalRetention policy, long lastWritten, DateTimeOffset now)
    {
        if (SqliteJournal.Scalar(connection, "SELECT MIN(sequence) FROM records") is not long first)
        {
            return null;
        }

        var last = ((first - 1) / policy.SegmentRecords + 1) * policy.SegmentRecords;
        if (last >= lastWritten)
        {
            return null;
        }

        var beyondCount = policy.KeepRecords is { } keep && lastWritten - last >= keep;
        var beyondAge = policy.KeepAge is { } age && SqliteJournal.Scalar(connection, $"SELECT wall_us FROM records WHERE sequence = {last}") is long wall
            && wall < SqliteJournal.WallMicroseconds(now - age);
        return beyondCount || beyondAge ? (first, last) : null;
    }

    private static byte[] AnchorHash(SqliteConnection connection, long first) =>
        first == 1 ? JournalChain.Genesis
        : SqliteJournal.Scalar(connection, "SELECT hash FROM chain_anchor") as byte[]
            ?? throw new InvalidDataException($"the journal starts at {first} but has no chain anchor");
}
