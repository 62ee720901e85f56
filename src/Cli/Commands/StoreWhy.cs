using System.Net;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>`esha why --store`: <see cref="StoreWhyQuery"/> in a reader's session.</summary>
internal static class StoreWhy
{
    /// <summary>The moves chosen as <see cref="WhyCommand"/> chooses them; null, the reason on stderr, when the store
    /// cannot be read.</summary>
    public static IReadOnlyList<VipMove>? Moves(string connectionString, IPAddress vip, DateTimeOffset? at, bool all) =>
        StoreReader.Query(connectionString, session => StoreWhyQuery.MovesAsync(session, vip, at, all));
}
