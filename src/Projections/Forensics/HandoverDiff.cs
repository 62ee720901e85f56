namespace EsHa.Projections.Forensics;

/// <summary>How a handover of a what-if replay compares with what happened: the same (within
/// <see cref="HandoverDiff.Tolerance"/>), shifted, removed (happened, would not have) or added (would have, did not).</summary>
public enum HandoverChange
{
    Same,
    Shifted,
    Removed,
    Added,
}

/// <summary>One line of the comparison: the recorded handover, the replayed one, or both when they match.</summary>
public sealed record HandoverComparison(HandoverChange Change, VipHandover? Recorded, VipHandover? Replayed)
{
    public TimeSpan Shift => Recorded is { } r && Replayed is { } p ? p.At - r.At : TimeSpan.Zero;
}

/// <summary>
/// Lines up the handovers that happened with those of a replay, per VIP: the longest common subsequence of
/// (from, to) pairs in order matches them (a handover of the same two nodes, in the same place among the others),
/// so a move that comes later is "shifted" rather than "removed" and "added".
/// </summary>
public static class HandoverDiff
{
    /// <summary>Closer than this, a replayed handover is the recorded one (timers and packets of a real network jitter).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(500);

    public static IReadOnlyList<HandoverComparison> Compare(IReadOnlyList<VipHandover> recorded, IReadOnlyList<VipHandover> replayed)
    {
        var lines = new List<HandoverComparison>();
        foreach (var vip in recorded.Select(h => h.Vip).Concat(replayed.Select(h => h.Vip)).Distinct().OrderBy(v => v.ToString(), StringComparer.Ordinal))
        {
            var a = recorded.Where(h => h.Vip.Equals(vip)).OrderBy(h => h.At).ToList();
            var b = replayed.Where(h => h.Vip.Equals(vip)).OrderBy(h => h.At).ToList();
            var common = new int[a.Count + 1, b.Count + 1];
            for (var i = a.Count - 1; i >= 0; i--)
            {
                for (var j = b.Count - 1; j >= 0; j--)
                {
                    common[i, j] = Same(a[i], b[j]) ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
                }
            }

            for (int i = 0, j = 0; i < a.Count || j < b.Count;)
            {
                if (i < a.Count && j < b.Count && Same(a[i], b[j]))
                {
                    var shifted = (b[j].At - a[i].At).Duration() > Tolerance;
                    lines.Add(new HandoverComparison(shifted ? HandoverChange.Shifted : HandoverChange.Same, a[i++], b[j++]));
                }
                else if (j >= b.Count || i < a.Count && common[i + 1, j] >= common[i, j + 1])
                {
                    lines.Add(new HandoverComparison(HandoverChange.Removed, a[i++], null));
                }
                else
                {
                    lines.Add(new HandoverComparison(HandoverChange.Added, null, b[j++]));
                }
            }
        }

        return lines;
    }

    private static bool Same(VipHandover a, VipHandover b) => a.From == b.From && a.To == b.To;
}
