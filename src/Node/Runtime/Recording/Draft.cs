using EsHa.Domain.Facts;

namespace EsHa.Node.Runtime.Recording;

/// <summary>
/// A fact on its way into the journal. Its sequence is given when it is written, which for the last occurrence of
/// a coalesced run is later than when it happened; causes are drafts, so a chain can point at a fact that is
/// still pending. A draft that coalescing drops stands in for the record of its run that was written.
/// </summary>
internal sealed class Draft(string stream, Fact fact, DateTimeOffset wall)
{
    public string Stream { get; } = stream;

    public Fact Fact { get; } = fact;

    public DateTimeOffset Wall { get; } = wall;

    public Draft? Cause { get; init; }

    /// <summary>The outside input at the root of the chain (itself for one).</summary>
    public Draft? Root { get; set; }

    /// <summary>0 until written.</summary>
    public long Sequence { get; set; }

    /// <summary>For a dropped draft: the written draft of its run that answers for it.</summary>
    public Draft? StandIn { get; set; }

    /// <summary>The sequence this draft is known by: its own, or its stand-in's; null if neither was written.</summary>
    public long? Resolve()
    {
        for (var d = this; d is not null; d = d.StandIn)
        {
            if (d.Sequence != 0)
            {
                return d.Sequence;
            }
        }

        return null;
    }
}
