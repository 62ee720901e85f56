namespace EsHa.Node.Journal.Central;

/// <summary>
/// A journal record as the central store keeps it: one Marten event type for every fact, carrying the node's
/// canonical body and chain hash untouched (so the store verifies with the same chain as the node), the columns
/// queries filter on, and the VIPs a role change moved.
/// </summary>
public sealed record ShippedRecord(string Node, long Sequence, string Stream, string Type, long At, DateTimeOffset Wall,
    string Body, string Hash, IReadOnlyList<string> Vips);
