using System.Net;

namespace EsHa.Projections.Forensics;

/// <summary>A VIP coming to a node at <paramref name="At"/>, from the node that held it before (null: nobody had
/// held it yet — the first election).</summary>
public sealed record VipHandover(DateTimeOffset At, IPAddress Vip, string? From, string To);

/// <summary>Each VIP's handovers, from <see cref="VipOwnership"/>: the moves `why` explains and `replay` compares.</summary>
public static class VipHandovers
{
    public static IReadOnlyList<VipHandover> Of(IReadOnlyList<TimelineEntry> entries) => From(VipOwnership.Of(entries));

    /// <summary>The handovers of ownership intervals (<see cref="VipOwnership"/>, in its order: by VIP, then time).</summary>
    public static IReadOnlyList<VipHandover> From(IEnumerable<VipInterval> intervals)
    {
        var handovers = new List<VipHandover>();
        foreach (var vip in intervals.GroupBy(v => v.Vip))
        {
            string? before = null;
            foreach (var held in vip)
            {
                // A holder after another is a move, however long the VIP went unheld in between (an outage is part
                // of the story); the same node taking it again is not.
                if (held.Node != before)
                {
                    handovers.Add(new VipHandover(held.From, vip.Key, before, held.Node));
                }

                before = held.Node;
            }
        }

        return handovers;
    }
}
