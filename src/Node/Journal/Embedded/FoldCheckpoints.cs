using EsHa.Domain.Facts;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;
using EsHa.Projections.Journal;
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

    private readonly NodeStateFold _fold;
    private long _maxWall;
    private long _segmentMinWall;
    private long _sinceLast;

    /// <summary>Whether the fold covers the whole journal: from its start, or from a node start or restart (which
    /// begin every part of the state again), so a journal reopened goes on only after the node's next start.</summary>
    private bool _whole;

    /// <param name="newJournal">whether the journal holds nothing but its first record</param>
    /// <param name="maxWall">the latest wall time of the records already there</param>
    /// <param name="segmentMinWall">the earliest wall time of the records after the last checkpoint already there</param>
    public FoldCheckpoints(string node, int every, bool newJournal, long maxWall, long segmentMinWall)
    {
        _fold = new NodeStateFold(node);
        (Every, _whole, _maxWall, _segmentMinWall) = (every, newJournal, maxWall, segmentMinWall);
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
                _whole |= record.Fact is NodeStarted or NodeRestarted;
                _fold.Apply(JournalForensics.Entry(record));
                var wall = SqliteJournal.WallMicroseconds(record.Wall);
                (_maxWall, _segmentMinWall) = (Math.Max(_maxWall, wall), Math.Min(_segmentMinWall, wall));
                if (++_sinceLast >= Every && _whole)
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
                ("$s", sequence), ("$max", _maxWall), ("$min", _segmentMinWall), ("$j", FactJson.Serialize(_fold.Checkpoint())));
            (_sinceLast, _segmentMinWall) = (0, long.MaxValue);
        }
        catch (SqliteException)
        {
            // Tried again Every records later, not at every record: the stretch's earliest wall time carries on.
            _sinceLast = 0;
            // A full or failing disk shows up as gaps in the records themselves; a missing checkpoint only makes a
            // replay fold further back.
        }
    }
}
