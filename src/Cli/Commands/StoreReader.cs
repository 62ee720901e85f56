using System.Data.Common;
using System.Text.Json;
using EsHa.Node.Journal;
using EsHa.Node.Forensics;
using EsHa.Node.Journal.Central;
using EsHa.Projections.Forensics;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace EsHa.Cli.Commands;

/// <summary>The central store's records as timeline entries (see <see cref="ForensicsSource"/>), and the one place
/// the forensics commands meet the store: a failure to read it is one line on stderr, never a stack trace.</summary>
internal static class StoreReader
{
    /// <summary>Every record of every node; null (the reason on stderr) when the store cannot be read.</summary>
    public static List<TimelineEntry>? Read(string connectionString) =>
        Query(connectionString, session => StoreRecords.All(session, CancellationToken.None)) is { } records ? Entries(records) : null;

    public static List<TimelineEntry> Entries(IEnumerable<JournalRecord> records) => [.. records.Select(JournalForensics.Entry)];

    /// <summary>Runs a read in one session on the store (opened as a reader: it never creates or changes tables). The
    /// commands are one-shot and synchronous, so waiting here is fine.</summary>
    public static T? Query<T>(string connectionString, Func<IQuerySession, Task<T>> read) where T : class
    {
        try
        {
            using var store = CentralStore.Open(connectionString, manageSchema: false, oneConnectionPerSession: true);
            using var session = store.QuerySession();
            return read(session).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is DbException or MartenException or ArgumentException or InvalidOperationException
                                      or TimeoutException or JsonException or IOException)
        {
            Console.Error.WriteLine($"--store: cannot read the central store: {Reason(e)}");
            return null;
        }
    }

    /// <summary>The reason in one line: PostgreSQL's own words when it answered (Marten's wrapper adds the SQL), a
    /// hint when the tables are not there.</summary>
    private static string Reason(Exception e)
    {
        var chain = new List<Exception>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            chain.Add(inner);
        }

        var reason = chain.OfType<PostgresException>().FirstOrDefault() switch
        {
            { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName } p =>
                $"it has no EsHa tables (run `esha store init` first): {p.MessageText}",
            { } p => $"{p.MessageText} ({p.SqlState})",
            null => chain.OfType<NpgsqlException>().FirstOrDefault() is { } n
                ? n.Message + (n.InnerException is System.Net.Sockets.SocketException s ? $": {s.Message}" : "")
                : e.Message,
        };
        return string.Join(' ', reason.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
