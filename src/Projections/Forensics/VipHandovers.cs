using System.Net;

namespace EsHa.Projections.Forensics;

/// <summary>A VIP coming to a node at <paramref name="At"/>, from the node that held it before (null: nobody had
/// held it yet — the first election).</summary>
public sealed record VipHandover(DateTimeOffset At, IPAddress Vip, string? From, string To);

/// <summary>Each VIP's handovers, from <see cref="VipOwnership"/>: the moves `why` explains and `replay` compares.</summary>
public static class VipHandovers
{
    public static IReadOnlyList<VipHandover> Of(IReadOnlyList<TimelineEntry> entries)
    {
        var handovers = new List<VipHandover>();
        foreach (var vip in VipOwnership.Of(entries).GroupBy(v => v.Vip))
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
