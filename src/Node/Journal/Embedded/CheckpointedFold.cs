using EsHa.Domain.Facts;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;
using EsHa.Projections.Journal;
using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Embedded;

/// <summary>
/// The fold a fold checkpoint is taken of, with the wall-time bounds it is kept with: the journal writer keeps one
/// (<see cref="FoldCheckpoints"/>) and the verifier computes one again to check what the writer stored
/// (<see cref="Verification.CheckpointCheck"/>), so both read the records by the same rules.
/// </summary>
/// <param name="whole">whether the fold already covers the whole journal (see <see cref="Whole"/>)</param>
/// <param name="maxWall">the latest wall time of the journal's records before the first one applied</param>
/// <param name="segmentMinWall">the earliest wall time of the journal's records since its last checkpoint, before
/// the first one applied</param>
internal sealed class CheckpointedFold(string node, bool whole, long maxWall = 0, long segmentMinWall = long.MaxValue)
{
    private readonly NodeStateFold _fold = new(node);

    /// <summary>Whether the fold covers the whole journal: from its first record, or from a node start or restart
    /// (which begin every part of the state again). Only such a fold's state is a checkpoint.</summary>
    public bool Whole { get; private set; } = whole;

    /// <summary>The latest wall time of the journal's records so far (µs): a checkpoint serves a replay to T only
    /// when it is at or before T.</summary>
    public long MaxWall { get; private set; } = maxWall;

    /// <summary>The earliest wall time of the journal's records since the last checkpoint (µs): a replay to an
    /// earlier T skips them.</summary>
    public long SegmentMinWall { get; private set; } = segmentMinWall;

    /// <summary>Whether a journal keeps fold checkpoints (journals written before them have no table for them).</summary>
    public static bool Kept(SqliteConnection connection) =>
        SqliteJournal.Scalar(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fold_checkpoints'") is not null;

    /// <summary>The next record, in sequence order.</summary>
    /// <param name="inJournal">false for a record retention archived: a replay reads only the journal's own records,
    /// so the wall-time bounds are about those</param>
    public void Apply(JournalRecord record, bool inJournal = true)
    {
        Whole |= record.Sequence == 1 || record.Fact is NodeStarted or NodeRestarted;
        _fold.Apply(JournalForensics.Entry(record));
        if (inJournal)
        {
            var wall = SqliteJournal.WallMicroseconds(record.Wall);
            (MaxWall, SegmentMinWall) = (Math.Max(MaxWall, wall), Math.Min(SegmentMinWall, wall));
        }
    }

    /// <summary>The state as a checkpoint stores it.</summary>
    public string State() => FactJson.Serialize(_fold.Checkpoint());

    /// <summary>A checkpoint was taken here: the next stretch begins.</summary>
    public void CheckpointTaken() => SegmentMinWall = long.MaxValue;
}
