using Microsoft.Data.Sqlite;

namespace EsHa.Node.Journal.Embedded;

/// <summary>Opening a journal file to read it (the verifier, the forensics reader), whether or not a node is writing it.</summary>
internal static class JournalFile
{
    private const int SqliteReadOnly = 8;

    /// <summary>
    /// Read-only, unless SQLite says the file must be written to be read: a process killed in the middle of a write
    /// can leave a hot rollback journal (while the new file is switched to WAL) or a WAL index to rebuild, and a
    /// read-only connection refuses those with SQLITE_READONLY. Then it is opened read-write (never created) and
    /// SQLite finishes the recovery, as the node's next open would; nothing else is written through it.
    /// </summary>
    public static SqliteConnection OpenForReading(string path)
    {
        var connection = Open(path, SqliteOpenMode.ReadOnly);
        try
        {
            SqliteJournal.Scalar(connection, "SELECT count(*) FROM sqlite_master");
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteReadOnly)
        {
            connection.Dispose();
            return Open(path, SqliteOpenMode.ReadWrite);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
