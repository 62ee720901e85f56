using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Embedded;

/// <summary>A journal row as stored: the columns, the canonical body and its chain hash (hex), and the VIPs indexed
/// for it.</summary>
public sealed record StoredRecord(long Sequence, string Stream, string Type, long At, DateTimeOffset Wall, string Body, string Hash, IReadOnlyList<string> Vips);

/// <summary>Reads an embedded journal (read-only; a running node may be writing it): by sequence, by wall time, by
/// stream, and the records that moved a VIP.</summary>
public sealed class JournalReader : IDisposable
{
    private readonly SqliteConnection _connection;

    public JournalReader(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such journal", path);
        }

        _connection = JournalFile.OpenForReading(path);
        Node = SqliteJournal.Scalar(_connection, "SELECT value FROM journal_meta WHERE key = 'node'") as string
            ?? throw new InvalidDataException($"{path} is not an EsHa journal (no node named in it)");
    }

    public string Node { get; }

    /// <summary>Whether the journal was written by a version that keeps fold checkpoints (it has their table).</summary>
    private bool HasCheckpoints => _hasCheckpoints ??= CheckpointedFold.Kept(_connection);

    private bool? _hasCheckpoints;

    public IEnumerable<JournalRecord> Range(long from = 1, long to = long.MaxValue) =>
        Query("SELECT body FROM records WHERE sequence BETWEEN $a AND $b ORDER BY sequence", from, to);

    /// <summary>The decisions only (no inputs), in sequence order: what a fold into state needs. Inputs are skipped by
    /// their stored type without parsing them, which is most of the cost of reading a journal.</summary>
    public IEnumerable<JournalRecord> Decisions(long from = 1, long to = long.MaxValue) =>
        Query("SELECT body FROM records WHERE sequence BETWEEN $a AND $b AND type NOT LIKE 'vrrp.input.%' ORDER BY sequence", from, to);

    /// <summary>What a fold into the state at a time needs, in sequence order, up to that wall-clock time: the
    /// decisions, without inputs and without the LVS checkers' own steps (attempts, checker up/down, quorum), which
    /// are most of a busy farm's records and are skipped by their stored type, unparsed.</summary>
    /// <param name="after">the sequence a checkpoint covers up to (<see cref="LatestCheckpoint"/>), 0 for all</param>
    /// <param name="useCheckpoints">whether to skip the stretches the checkpoints say hold nothing up to then</param>
    public IEnumerable<JournalRecord> ForFold(DateTimeOffset until, long after = 0, bool useCheckpoints = true) =>
        (useCheckpoints ? FoldRanges(until, after) : [(after, long.MaxValue)]).SelectMany(range => Query("""
            SELECT body FROM records NOT INDEXED WHERE sequence > $b AND sequence <= $c AND wall_us <= $a AND type NOT LIKE '%.input.%'
              AND type NOT IN ('lvs.check-attempt-failed.v1', 'lvs.checker-went-down.v1', 'lvs.checker-went-up.v1', 'lvs.quorum-gained.v1', 'lvs.quorum-lost.v1')
            ORDER BY sequence
            """, SqliteJournal.WallMicroseconds(until), range.After, streams: null, range.UpTo));

    /// <summary>The stretches of sequences after <paramref name="after"/> that may hold records at or before
    /// <paramref name="until"/>: checkpoints know the earliest wall time between them, so the ones wholly later are
    /// skipped (all of them but the last, unless the clock was stepped back); after the last checkpoint, everything.</summary>
    private List<(long After, long UpTo)> FoldRanges(DateTimeOffset until, long after)
    {
        var ranges = new List<(long After, long UpTo)>();
        var (open, previous) = (after, after);
        if (HasCheckpoints)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT sequence, min_wall_us FROM fold_checkpoints WHERE sequence > $a ORDER BY sequence";
            command.Parameters.AddWithValue("$a", after);
            using var reader = command.ExecuteReader();
            var limit = SqliteJournal.WallMicroseconds(until);
            while (reader.Read())
            {
                var (sequence, earliest) = (reader.GetInt64(0), reader.GetInt64(1));
                if (earliest > limit)
                {
                    // (previous, sequence] holds nothing at or before `until`: the range so far ends before it.
                    if (previous > open)
                    {
                        ranges.Add((open, previous));
                    }

                    open = sequence;
                }

                previous = sequence;
            }
        }

        ranges.Add((open, long.MaxValue));
        return ranges;
    }

    /// <summary>The last fold checkpoint whose records all lie at or before <paramref name="until"/> (see
    /// <see cref="FoldCheckpoints"/>): the sequence it covers up to and the state, as stored. None in journals
    /// written before checkpoints were kept.</summary>
    public (long Sequence, string State)? LatestCheckpoint(DateTimeOffset until)
    {
        if (!HasCheckpoints)
        {
            return null;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT sequence, state FROM fold_checkpoints WHERE max_wall_us <= $a ORDER BY sequence DESC LIMIT 1";
        command.Parameters.AddWithValue("$a", SqliteJournal.WallMicroseconds(until));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>Records whose input arrived between two wall-clock times (inclusive), in sequence order.</summary>
    public IEnumerable<JournalRecord> Between(DateTimeOffset from, DateTimeOffset to) =>
        Query("SELECT body FROM records WHERE wall_us BETWEEN $a AND $b ORDER BY sequence",
            SqliteJournal.WallMicroseconds(from), SqliteJournal.WallMicroseconds(to));

    /// <summary>Records of some streams whose input arrived between two wall-clock times, in sequence order.</summary>
    public IEnumerable<JournalRecord> Between(DateTimeOffset from, DateTimeOffset to, IEnumerable<string> streams)
    {
        var names = streams.Distinct(StringComparer.Ordinal).ToList();
        var list = string.Join(", ", names.Select((_, i) => $"$s{i}"));
        return Query($"SELECT body FROM records WHERE stream IN ({list}) AND wall_us BETWEEN $a AND $b ORDER BY sequence",
            SqliteJournal.WallMicroseconds(from), SqliteJournal.WallMicroseconds(to), names);
    }

    public IEnumerable<JournalRecord> Stream(string stream) =>
        Query("SELECT body FROM records WHERE stream = $a ORDER BY sequence", stream);

    /// <summary>The starts, role changes (and drift, reloads) of instances holding a VIP, in sequence order.</summary>
    public IEnumerable<JournalRecord> VipMoves(string vip) =>
        Query("SELECT r.body FROM vip_index v JOIN records r ON r.sequence = v.sequence WHERE v.vip = $a ORDER BY v.sequence", vip);

    /// <summary>Stored rows after a sequence, as a shipper sends them: the canonical body and hash untouched, with
    /// the VIPs a role change moved.</summary>
    public IReadOnlyList<StoredRecord> Stored(long after, int limit)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT r.sequence, r.stream, r.type, r.at_us, r.wall_us, r.body, r.hash,
                   (SELECT group_concat(v.vip, ',') FROM vip_index v WHERE v.sequence = r.sequence)
            FROM records r WHERE r.sequence > $after ORDER BY r.sequence LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredRecord>(Math.Min(limit, 4096));
        while (reader.Read())
        {
            rows.Add(new StoredRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(4) * 10), reader.GetString(5), Convert.ToHexStringLower((byte[])reader[6]),
                reader.IsDBNull(7) ? [] : reader.GetString(7).Split(',')));
        }

        return rows;
    }

    /// <summary>Every body the query selects ($a, $b, $c and $s0.. bound), parsed, in the query's order.</summary>
    private IEnumerable<JournalRecord> Query(string sql, object a, object? b = null, IReadOnlyList<string>? streams = null, object? c = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        if (b is not null)
        {
            command.Parameters.AddWithValue("$b", b);
        }

        if (c is not null)
        {
            command.Parameters.AddWithValue("$c", c);
        }

        for (var i = 0; i < (streams?.Count ?? 0); i++)
        {
            command.Parameters.AddWithValue($"$s{i}", streams![i]);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return JournalLine.Parse(reader.GetFieldValue<byte[]>(0));
        }
    }

    public void Dispose() => _connection.Dispose();
}
