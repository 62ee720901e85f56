using System.Net;
using EsHa.Projections.Forensics;

namespace EsHa.Node.Forensics;

/// <summary>
/// What `esha why` reads from journals or the central store instead of all of it: the records of a VIP's instances
/// that say who held it when (indexed by VIP), the records of every node in a wall-clock window, and single records
/// by node and sequence (a cause older than the window).
/// </summary>
public interface IForensicsIndex
{
    /// <summary>Starts, reloads and role changes of the instances carrying the VIP, every node; empty when the source
    /// has no such index (older journals), and then the caller reads everything.</summary>
    IReadOnlyList<TimelineEntry> VipRecords(IPAddress vip);

    IReadOnlyList<TimelineEntry> Window(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The window's records of some streams only (the VIP's instances and the nodes themselves).</summary>
    IReadOnlyList<TimelineEntry> Window(DateTimeOffset from, DateTimeOffset to, IReadOnlySet<string> streams);

    TimelineEntry? Record(string node, long sequence);
}
