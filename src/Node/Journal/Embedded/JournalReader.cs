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

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Node = SqliteJournal.Scalar(_connection, "SELECT value FROM journal_meta WHERE key = 'node'") as string
            ?? throw new InvalidDataException($"{path} is not an EsHa journal (no node named in it)");
    }

    public string Node { get; }

    public IEnumerable<JournalRecord> Range(long from = 1, long to = long.MaxValue) =>
        Query("SELECT body FROM records WHERE sequence BETWEEN $a AND $b ORDER BY sequence", from, to);

    /// <summary>The decisions only (no inputs), in sequence order: what a fold into state needs. Inputs are skipped by
    /// their stored type without parsing them, which is most of the cost of reading a journal.</summary>
    public IEnumerable<JournalRecord> Decisions(long from = 1, long to = long.MaxValue) =>
        Query("SELECT body FROM records WHERE sequence BETWEEN $a AND $b AND type NOT LIKE 'vrrp.input.%' ORDER BY sequence", from, to);

    /// <summary>What a fold into the state at a time needs, in sequence order, up to that wall-clock time: the
    /// decisions, without inputs and without the LVS checkers' own steps (attempts, checker up/down, quorum), which
    /// are most of a busy farm's records and are skipped by their stored type, unparsed.</summary>
    public IEnumerable<JournalRecord> ForFold(DateTimeOffset until) =>
        Query("""
            SELECT body FROM records WHERE wall_us <= $a AND type NOT LIKE '%.input.%'
              AND type NOT IN ('lvs.check-attempt-failed.v1', 'lvs.checker-went-down.v1', 'lvs.checker-went-up.v1', 'lvs.quorum-gained.v1', 'lvs.quorum-lost.v1')
            ORDER BY sequence
            """, SqliteJournal.WallMicroseconds(until));

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

    /// <summary>Every body the query selects ($a, $b and $s0.. bound), parsed, in the query's order.</summary>
    private IEnumerable<JournalRecord> Query(string sql, object a, object? b = null, IReadOnlyList<string>? streams = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        if (b is not null)
        {
            command.Parameters.AddWithValue("$b", b);
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
