using EsHa.Domain.Facts;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;
using EsHa.Projections.Journal;
using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Verification;

/// <summary>
/// The fold checkpoints kept beside an embedded journal's records (<see cref="Embedded.FoldCheckpoints"/>) must be
/// what folding the records gives. They are outside the hash chain and `esha replay` starts from them, so one edited
/// (or written wrongly) would make a replay answer wrongly while the chain verifies: the verifier folds the records
/// it walks, as the writer did, and compares each checkpoint's state and wall-time bounds.
/// </summary>
internal sealed class CheckpointCheck
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<long, (long MaxWall, long MinWall)> _stored;
    private readonly NodeStateFold _fold;
    private bool _whole;
    private long _maxWall;
    private long _segmentMinWall = long.MaxValue;

    private CheckpointCheck(SqliteConnection connection, string node, Dictionary<long, (long, long)> stored)
    {
        (_connection, _fold, _stored) = (connection, new NodeStateFold(node), stored);
    }

    public List<JournalProblem> Problems { get; } = [];

    /// <summary>The journal's checkpoints (their states are read one at a time, as the walk reaches each).</summary>
    public static CheckpointCheck Load(SqliteConnection connection, string node)
    {
        var stored = new Dictionary<long, (long, long)>();
        if (Embedded.SqliteJournal.Scalar(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fold_checkpoints'") is not null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sequence, max_wall_us, min_wall_us FROM fold_checkpoints";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stored[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        return new CheckpointCheck(connection, node, stored);
    }

    /// <summary>The next record walked, in sequence order from the journal's first (archives included).</summary>
    /// <param name="inJournal">false for a record retention archived: a replay reads only the journal's own, so the
    /// wall-time bounds are about those</param>
    public void Record(JournalRecord record, bool inJournal = true)
    {
        // As the writer: its fold covers everything from the journal's start, or from a start or restart of the node
        // (which begins every part of the state again); a checkpoint before that cannot be checked, nor was it written.
        _whole |= record.Sequence == 1 || record.Fact is NodeStarted or NodeRestarted;
        _fold.Apply(JournalForensics.Entry(record));
        if (inJournal)
        {
            var wall = Embedded.SqliteJournal.WallMicroseconds(record.Wall);
            (_maxWall, _segmentMinWall) = (Math.Max(_maxWall, wall), Math.Min(_segmentMinWall, wall));
        }

        if (!_stored.Remove(record.Sequence, out var stored))
        {
            return;
        }

        if (_whole && FactJson.Serialize(_fold.Checkpoint()) != State(record.Sequence))
        {
            Problems.Add(new JournalProblem(record.Sequence,
                $"the fold checkpoint after record {record.Sequence} is not the state its records fold to (replay --at would start from a wrong state)"));
        }

        // Bounds wider than the records' are harmless (a replay folds more); narrower ones would have it use the
        // checkpoint for times before some of its records, or skip records at or before T.
        if (stored.MaxWall < _maxWall || stored.MinWall > _segmentMinWall)
        {
            Problems.Add(new JournalProblem(record.Sequence,
                $"the fold checkpoint after record {record.Sequence} gives its records' wall times wrong (replay --at would use it for the wrong times)"));
        }

        _segmentMinWall = long.MaxValue;
    }

    /// <summary>After the last record: checkpoints of records that are not there.</summary>
    public void End()
    {
        foreach (var sequence in _stored.Keys.Order())
        {
            Problems.Add(new JournalProblem(sequence, $"a fold checkpoint names record {sequence}, which the journal does not hold"));
        }
    }

    private string? State(long sequence)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT state FROM fold_checkpoints WHERE sequence = $s";
        command.Parameters.AddWithValue("$s", sequence);
        return command.ExecuteScalar() as string;
    }
}
