using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Embedded;

/// <summary>The prepared INSERTs the writer reuses for every record (SQLite parses them once).</summary>
internal sealed class RecordInsert : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteCommand _vip;
    private readonly SqliteParameter _sequence, _stream, _type, _at, _wall, _body, _hash, _vipAddress, _vipSequence;

    public RecordInsert(SqliteConnection connection)
    {
        _command = connection.CreateCommand();
        _command.CommandText = """
            INSERT INTO records (sequence, stream, type, at_us, wall_us, body, hash)
            VALUES ($sequence, $stream, $type, $at, $wall, $body, $hash)
            """;
        _sequence = _command.Parameters.Add("$sequence", SqliteType.Integer);
        _stream = _command.Parameters.Add("$stream", SqliteType.Text);
        _type = _command.Parameters.Add("$type", SqliteType.Text);
        _at = _command.Parameters.Add("$at", SqliteType.Integer);
        _wall = _command.Parameters.Add("$wall", SqliteType.Integer);
        _body = _command.Parameters.Add("$body", SqliteType.Text);
        _hash = _command.Parameters.Add("$hash", SqliteType.Blob);
        _vip = connection.CreateCommand();
        _vip.CommandText = "INSERT OR IGNORE INTO vip_index (vip, sequence) VALUES ($vip, $sequence)";
        _vipAddress = _vip.Parameters.Add("$vip", SqliteType.Text);
        _vipSequence = _vip.Parameters.Add("$sequence", SqliteType.Integer);
    }

    /// <summary>The transaction the next inserts belong to (Microsoft.Data.Sqlite wants it named on each command).</summary>
    public SqliteTransaction? Transaction
    {
        set => _command.Transaction = _vip.Transaction = value;
    }

    public void IndexVip(string vip, long sequence)
    {
        _vipAddress.Value = vip;
        _vipSequence.Value = sequence;
        _vip.ExecuteNonQuery();
    }

    /// <summary>Inserts the record chained to <paramref name="previous"/>; returns its hash.</summary>
    public byte[] Run(JournalRecord record, byte[] previous) => Run(record, JournalLine.Utf8(record), previous);

    /// <summary>Inserts the record whose canonical bytes are already made.</summary>
    public byte[] Run(JournalRecord record, byte[] bytes, byte[] previous)
    {
        var hash = JournalChain.Next(previous, bytes);
        _sequence.Value = record.Sequence;
        _stream.Value = record.Stream;
        _type.Value = JournalLine.TypeOf(record.Fact);
        _at.Value = record.Fact.At.Microseconds;
        _wall.Value = SqliteJournal.WallMicroseconds(record.Wall);
        _body.Value = System.Text.Encoding.UTF8.GetString(bytes);
        _hash.Value = hash;
        _command.ExecuteNonQuery();
        return hash;
    }

    public void Dispose()
    {
        _command.Dispose();
        _vip.Dispose();
    }
}
