using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EsHa.Node.Journal.Embedded;

/// <summary>
/// The prepared INSERTs the writer reuses for every record. The record insert is the journal's hot path, so it is
/// bound by position straight on SQLite's statement (through SQLitePCL, under Microsoft.Data.Sqlite's own
/// connection and transaction): the canonical UTF-8 line goes in as it is, without a string in between.
/// </summary>
internal sealed class RecordInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _record;
    private readonly SqliteCommand _vip;
    private readonly SqliteParameter _vipAddress, _vipSequence;

    public RecordInsert(SqliteConnection connection)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, """
            INSERT INTO records (sequence, stream, type, at_us, wall_us, body, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """, out _record);
        Check(rc);
        _vip = connection.CreateCommand();
        _vip.CommandText = "INSERT OR IGNORE INTO vip_index (vip, sequence) VALUES ($vip, $sequence)";
        _vipAddress = _vip.Parameters.Add("$vip", SqliteType.Text);
        _vipSequence = _vip.Parameters.Add("$sequence", SqliteType.Integer);
    }

    /// <summary>The transaction the next inserts belong to (Microsoft.Data.Sqlite wants it named on each command).</summary>
    public SqliteTransaction? Transaction
    {
        set => _vip.Transaction = value;
    }

    public void IndexVip(string vip, long sequence)
    {
        _vipAddress.Value = vip;
        _vipSequence.Value = sequence;
        _vip.ExecuteNonQuery();
    }

    /// <summary>Inserts the record chained to <paramref name="previous"/>; returns its hash.</summary>
    public byte[] Run(JournalRecord record, byte[] previous)
    {
        var bytes = JournalLine.Utf8(record);
        return Run(record, bytes, JournalChain.Next(previous, bytes));
    }

    /// <summary>Inserts the record whose canonical bytes and chain hash are already made; returns the hash.</summary>
    public byte[] Run(JournalRecord record, byte[] bytes, byte[] hash)
    {
        raw.sqlite3_bind_int64(_record, 1, record.Sequence);
        raw.sqlite3_bind_text(_record, 2, record.Stream);
        raw.sqlite3_bind_text(_record, 3, JournalLine.TypeOf(record.Fact));
        raw.sqlite3_bind_int64(_record, 4, record.Fact.At.Microseconds);
        raw.sqlite3_bind_int64(_record, 5, SqliteJournal.WallMicroseconds(record.Wall));
        raw.sqlite3_bind_text(_record, 6, bytes.AsSpan());
        raw.sqlite3_bind_blob(_record, 7, hash.AsSpan());
        var rc = raw.sqlite3_step(_record);
        raw.sqlite3_reset(_record);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }

        return hash;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}'.", rc);
        }
    }

    public void Dispose()
    {
        raw.sqlite3_finalize(_record);
        _vip.Dispose();
    }
}
