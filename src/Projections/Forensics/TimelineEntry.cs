using EsHa.Domain.Facts;

namespace EsHa.Projections.Forensics;

/// <summary>One journal record as the read models need it: whose, where in that node's sequence, about what
/// (instance, sync group, "VS/RS", "lvs" or the node), when on the node's wall clock, the fact, and the record of the
/// same node that caused it (null for an input from outside).</summary>
public sealed record TimelineEntry(string Node, long Sequence, string Stream, DateTimeOffset Wall, Fact Fact, long? Cause = null);
