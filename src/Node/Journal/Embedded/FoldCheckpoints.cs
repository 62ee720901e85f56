using EsHa.Projections.Forensics;
using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Embedded;

/// <summary>
/// The journal writer's side of <see cref="NodeStateCheckpoint"/>s: it folds what it commits, as `esha replay` would
/// fold it read back, and every <see cref="Every"/> records stores the fold beside them. Each checkpoint is kept with
/// the latest wall-clock time of the records it covers, so a replay to T uses one only when all its records are at
/// or before T (a clock stepped back cannot make it count records a fold to T would skip), and the earliest of the
/// records since the checkpoint before it, so a replay skips the stretches that hold nothing at or before T.
/// Derived data: it is not chained, and a failure to write one is ignored (the next is tried <see cref="Every"/>
/// records later); anything else going wrong in it stops the checkpoints, never the journal.
/// </summary>
internal sealed class FoldCheckpoints
{
    public const int DefaultEvery = 100_000;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS fold_checkpoints (
            sequence INTEGER PRIMARY KEY, max_wall_us INTEGER NOT NULL, min_wall_us INTEGER NOT NULL, state TEXT NOT NULL);
        """;

    private readonly CheckpointedFold _fold;
    private long _sinceLast;

    /// <param name="newJournal">whether the journal holds nothing but its first record</param>
    /// <param name="maxWall">the latest wall time of the records already there</param>
    /// <param name="segmentMinWall">the earliest wall time of the records after the last checkpoint already there</param>
    public FoldCheckpoints(string node, int every, bool newJournal, long maxWall, long segmentMinWall)
    {
        // A new journal's first record (written when it was made) is not folded here: the fold is whole from it.
        _fold = new CheckpointedFold(node, whole: newJournal, maxWall, segmentMinWall);
        Every = every;
    }

    /// <summary>Checkpoints for a journal being opened, from what it holds already (through indexes: the rows after
    /// the last checkpoint are read by sequence, usually about <see cref="Every"/> of them or fewer).</summary>
    public static FoldCheckpoints Open(SqliteConnection connection, string node, int every, long lastWritten)
    {
        var last = SqliteJournal.Scalar(connection, "SELECT max(sequence) FROM fold_checkpoints") as long? ?? 0;
        var segmentMin = last == 0
            ? SqliteJournal.Scalar(connection, "SELECT min(wall_us) FROM records")
            : SqliteJournal.Scalar(connection, $"SELECT min(wall_us) FROM records NOT INDEXED WHERE sequence > {last}");
        return new FoldCheckpoints(node, every, newJournal: lastWritten <= 1,
            SqliteJournal.Scalar(connection, "SELECT max(wall_us) FROM records") as long? ?? 0, segmentMin as long? ?? long.MaxValue);
    }

    public int Every { get; }

    /// <summary>Folds records just committed (gap records included, in sequence order), storing a checkpoint after
    /// every <see cref="Every"/>th (inside a batch too: a node's batches are small, a bulk import's are not).</summary>
    public void Committed(SqliteConnection connection, IReadOnlyList<JournalRecord> records)
    {
        if (_stopped)
        {
            return;
        }

        try
        {
            foreach (var record in records)
            {
                _fold.Apply(record);
                if (++_sinceLast >= Every && _fold.Whole)
                {
                    Store(connection, record.Sequence);
                }
            }
        }
#pragma warning disable CA1031 // whatever fails here, the journal's writer must go on; the fold may be half-applied, so it stops
        catch (Exception)
#pragma warning restore CA1031
        {
            _stopped = true;
        }
    }

    /// <summary>Set when folding failed (a fact the fold cannot take): no more checkpoints from this writer.</summary>
    private bool _stopped;

    private void Store(SqliteConnection connection, long sequence)
    {
        try
        {
            SqliteJournal.Execute(connection,
                "INSERT OR REPLACE INTO fold_checkpoints (sequence, max_wall_us, min_wall_us, state) VALUES ($s, $max, $min, $j)",
                ("$s", sequence), ("$max", _fold.MaxWall), ("$min", _fold.SegmentMinWall), ("$j", _fold.State()));
            _fold.CheckpointTaken();
        }
        catch (SqliteException)
        {
            // A full or failing disk shows up as gaps in the records themselves; a missing checkpoint only makes a
            // replay fold further back. The stretch's earliest wall time carries on to the next checkpoint.
        }

        _sinceLast = 0;   // failed or not, the next is tried Every records later, not at every record
    }
}
