using System.Net;
using System.Threading.Channels;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Embedded;

/// <summary>
/// The node's durable journal, embedded (SQLite in WAL mode, synchronous=FULL): <see cref="Append"/> only enqueues
/// (the HA loop never waits on a disk), and one background writer commits what has queued up in one transaction
/// (group commit), chaining each record's hash to the previous one. The queue is bounded: when it is full, or a
/// write fails (disk full, IO error), the records are dropped and counted, the node goes on doing HA, and the first
/// record written afterwards is preceded by a <see cref="JournalGap"/> that names the missing sequences and why.
/// After a kill -9 the file reopens as a valid prefix (SQLite's WAL commits are atomic), and every record reported
/// durable (<see cref="DurableSequence"/>) is in it.
/// </summary>
public sealed partial class SqliteJournal : IJournal, IDisposable
{
    public const int DefaultQueueCapacity = 1 << 16;
    private const int MaxBatch = 4096;

    private readonly SqliteConnection _connection;
    private readonly RecordInsert _insert;
    private readonly Channel<JournalRecord> _queue;
    private readonly Task _writer;
    private readonly FoldCheckpoints _checkpoints;
    private readonly Dictionary<string, IReadOnlyList<IPAddress>> _vipsByStream = new(StringComparer.Ordinal);
    private readonly object _progress = new();

    /// <summary>Held while the connection is in use (the writer's batches, retention).</summary>
    private readonly object _connectionLock = new();
    private byte[] _lastHash;
    private long _lastWritten;
    private long _lastEnqueued;
    private long _lastAccepted;
    private long _processed;
    private long _durable;
    private long _queueDrops;
    private long _writeDrops;

    /// <summary>Runs of sequences that were not written, with why; a gap record takes the ones it covers.</summary>
    private readonly List<(long First, long Last, string Cause)> _losses = [];
    private bool _disposed;

    private SqliteJournal(string path, SqliteConnection connection, string node, int queueCapacity, int checkpointEvery)
    {
        Path = path;
        Node = node;
        _connection = connection;
        (_lastWritten, _lastHash, LastFactAtOpen) = ReadTail(connection);
        _checkpoints = FoldCheckpoints.Open(connection, node, checkpointEvery, _lastWritten);
        _lastEnqueued = _lastAccepted = _processed = _durable = _lastWritten;
        _insert = new RecordInsert(connection);
        _queue = Channel.CreateBounded<JournalRecord>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public string Path { get; }

    public string Node { get; }

    public long LastSequence => Interlocked.Read(ref _lastEnqueued);

    public Fact? LastFactAtOpen { get; }

    /// <summary>The last sequence committed to disk: it survives a kill -9 or a power cut.</summary>
    public long DurableSequence => Interlocked.Read(ref _durable);

    /// <summary>Records that could not be written (queue full or write failed) since the journal was opened.</summary>
    public long Dropped => Interlocked.Read(ref _queueDrops) + Interlocked.Read(ref _writeDrops);

    /// <summary>Opens a journal, creating it (with its <see cref="JournalCreated"/> record) when the file is new. A
    /// journal belongs to one node: opening another node's journal is refused.</summary>
    /// <param name="created">the wall time to name in a new journal's first record</param>
    /// <param name="checkpointEvery">how many records apart the fold's checkpoints are kept (<see cref="FoldCheckpoints"/>)</param>
    public static SqliteJournal Open(string path, string node, DateTimeOffset created, int queueCapacity = DefaultQueueCapacity,
        int checkpointEvery = FoldCheckpoints.DefaultEvery)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, JournalSchema.Pragmas);
            if (CreateOrOwner(connection, node, created) is { } owner && owner != node)
            {
                throw new InvalidOperationException($"{path} is the journal of node '{owner}', not '{node}'");
            }

            return new SqliteJournal(path, connection, node, queueCapacity, checkpointEvery);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Append(JournalRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Exchange(ref _lastEnqueued, record.Sequence);
        if (_queue.Writer.TryWrite(record))
        {
            Interlocked.Exchange(ref _lastAccepted, record.Sequence);
        }
        else
        {
            // Full: drop and count; the gap shows up at the next record written.
            Interlocked.Increment(ref _queueDrops);
            Lost(record.Sequence, record.Sequence, QueueFull);
        }
    }

    /// <summary>Waits until every record appended so far has been written or given up on (not for the HA loop: for
    /// a stop, tests and tools).</summary>
    public bool Flush(TimeSpan timeout)
    {
        var target = Interlocked.Read(ref _lastAccepted);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_progress)
        {
            while (Interlocked.Read(ref _processed) < target)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return false;
                }

                Monitor.Wait(_progress, TimeSpan.FromMilliseconds(left));
            }
        }

        return true;
    }

    /// <summary>Archives the whole segments the policy no longer keeps (see <see cref="JournalRetention"/>); returns
    /// how many records left the journal. Safe while the node appends: it takes the connection between batches.</summary>
    public long Retain(JournalRetention policy, DateTimeOffset now)
    {
        lock (_connectionLock)
        {
            return JournalArchiver.Archive(_connection, Path, Node, policy, _lastWritten, now);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        _insert.Dispose();
        _connection.Dispose();
    }

    /// <summary>The journal's owner; a new journal gets its tables, owner and first record in one transaction (a kill
    /// while creating leaves an empty file, never a half-made journal).</summary>
    private static string? CreateOrOwner(SqliteConnection connection, string node, DateTimeOffset created)
    {
        using var transaction = connection.BeginTransaction();
        using (var schema = connection.CreateCommand())
        {
            schema.Transaction = transaction;
            schema.CommandText = JournalSchema.Create;
            schema.ExecuteNonQuery();
        }

        using (var query = connection.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = "SELECT value FROM journal_meta WHERE key = 'node'";
            if (query.ExecuteScalar() is string owner)
            {
                return owner;
            }
        }

        using (var meta = connection.CreateCommand())
        {
            meta.Transaction = transaction;
            meta.CommandText = $"INSERT INTO journal_meta (key, value) VALUES ('node', $node), ('format', '{JournalSchema.Version}')";
            meta.Parameters.AddWithValue("$node", node);
            meta.ExecuteNonQuery();
        }

        using (var insert = new RecordInsert(connection) { Transaction = transaction })
        {
            insert.Run(JournalGenesis.For(node, created), JournalChain.Genesis);
        }

        transaction.Commit();
        return node;
    }

    private static (long Sequence, byte[] Hash, Fact? Last) ReadTail(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, hash, body FROM records ORDER BY sequence DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1], JournalLine.Parse(reader.GetString(2)).Fact) : (0, JournalChain.Genesis, null);
    }

    public static long WallMicroseconds(DateTimeOffset wall) => (wall.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    internal static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
