namespace EsHa.Node.Journal.Embedded;

/// <summary>
/// The embedded journal's tables. <c>records</c> keeps each record's canonical JSON line (what the hash covers) and,
/// beside it, the columns queries filter on (stream, monotonic and wall time, stored type). <c>vip_index</c> lists,
/// for each VIP, the records that moved it (role changes of instances holding it), so "why did this VIP move" reads
/// a handful of rows, not the journal; <c>records_by_stream</c> (stream, wall time) then reads the few minutes of
/// those instances' records around a move without touching the rest (LVS traffic is most of a journal). <c>chain_anchor</c> is where verification starts when retention has archived
/// the oldest segments. <c>fold_checkpoints</c> (<see cref="FoldCheckpoints"/>) is derived: the node's state now and
/// then, for `esha replay` to start from.
/// </summary>
internal static class JournalSchema
{
    public const int Version = 1;

    /// <summary>Per connection, outside any transaction.</summary>
    public const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 8192;";

    /// <summary>Run in the same transaction as the first records, so a journal file is either empty or whole.</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS records (
            sequence INTEGER PRIMARY KEY,
            stream TEXT NOT NULL,
            type TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            wall_us INTEGER NOT NULL,
            body TEXT NOT NULL,
            hash BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS records_by_stream ON records (stream, wall_us);
        CREATE INDEX IF NOT EXISTS records_by_wall ON records (wall_us);
        CREATE TABLE IF NOT EXISTS vip_index (vip TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (vip, sequence)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS real_server_index (real_server TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (real_server, sequence)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS chain_anchor (sequence INTEGER NOT NULL, hash BLOB NOT NULL);
        """ + FoldCheckpoints.Schema;
}
