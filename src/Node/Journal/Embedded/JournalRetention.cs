namespace EsHa.Node.Journal.Embedded;

/// <summary>
/// How much journal a node keeps on its own disk. The journal is cut into segments of
/// <see cref="SegmentRecords"/> sequences; a whole segment older than the limits (beyond <see cref="KeepRecords"/>
/// of the newest, or written before now − <see cref="KeepAge"/>) is archived: written to
/// <c>JOURNAL.archive/NODE-FIRST-LAST.jsonl</c> (each line: the record's hash, a space, its canonical line; the
/// first line names the hash before it), then removed from the journal, whose chain anchor takes the segment's last
/// hash, so the journal and its archives verify as one chain.
/// </summary>
public sealed record JournalRetention(long SegmentRecords, long? KeepRecords = null, TimeSpan? KeepAge = null)
{
    public static string ArchiveDirectory(string journalPath) => journalPath + ".archive";
}
