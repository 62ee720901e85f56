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

    /// <summary>Whole from the journal's first record (the walk starts there, archives first) or the node's next start.</summary>
    private readonly Embedded.CheckpointedFold _fold;

    private CheckpointCheck(SqliteConnection connection, string node, Dictionary<long, (long, long)> stored)
    {
        (_connection, _fold, _stored) = (connection, new Embedded.CheckpointedFold(node, whole: false), stored);
    }

    public List<JournalProblem> Problems { get; } = [];

    /// <summary>The journal's checkpoints (their states are read one at a time, as the walk reaches each).</summary>
    public static CheckpointCheck Load(SqliteConnection connection, string node)
    {
        var stored = new Dictionary<long, (long, long)>();
        if (Embedded.CheckpointedFold.Kept(connection))
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
    /// <param name="inJournal">false for a record retention archived (see <see cref="Embedded.CheckpointedFold.Apply"/>)</param>
    public void Record(JournalRecord record, bool inJournal = true)
    {
        // A checkpoint before the fold is whole cannot be checked, nor did the writer store one there.
        _fold.Apply(record, inJournal);
        if (!_stored.Remove(record.Sequence, out var stored))
        {
            return;
        }

        if (_fold.Whole && _fold.State() != State(record.Sequence))
        {
            Problems.Add(new JournalProblem(record.Sequence,
                $"the fold checkpoint after record {record.Sequence} is not the state its records fold to (replay --at would start from a wrong state)"));
        }

        // Bounds wider than the records' are harmless (a replay folds more); narrower ones would have it use the
        // checkpoint for times before some of its records, or skip records at or before T.
        if (stored.MaxWall < _fold.MaxWall || stored.MinWall > _fold.SegmentMinWall)
        {
            Problems.Add(new JournalProblem(record.Sequence,
                $"the fold checkpoint after record {record.Sequence} gives its records' wall times wrong (replay --at would use it for the wrong times)"));
        }

        _fold.CheckpointTaken();
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
