using System.Net;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>A VIP held by a node's instance (as MASTER) from <paramref name="From"/> until <paramref name="To"/>.</summary>
public sealed record VipInterval(IPAddress Vip, string Node, string Instance, DateTimeOffset From, DateTimeOffset? To, long Because);

/// <summary>Who held each VIP when: an instance's MASTER intervals, with the VIPs its settings gave it then (from
/// <see cref="InstanceStarted"/> and <see cref="SettingsChanged"/>), ordered by VIP and time.</summary>
public static class VipOwnership
{
    public static IReadOnlyList<VipInterval> Of(IReadOnlyList<TimelineEntry> entries)
    {
        var vips = new Dictionary<(string Node, string Instance), IReadOnlyList<IPAddress>>();
        var held = new List<VipInterval>();
        var masters = StateIntervals.Of(entries).Where(i => i.Role == VrrpRole.Master)
            .DistinctBy(i => (i.Node, i.Instance, i.Because)).ToDictionary(i => (i.Node, i.Instance, i.Because)); // one lookup per BecameMaster
        foreach (var e in entries)
        {
            switch (e.Fact)
            {
                case InstanceStarted started:
                    vips[(e.Node, e.Stream)] = started.Settings.VirtualIps;
                    break;
                case SettingsChanged changed:
                    vips[(e.Node, e.Stream)] = changed.Settings.VirtualIps;
                    break;
                case BecameMaster:
                    var interval = masters[(e.Node, e.Stream, e.Sequence)];
                    held.AddRange(vips.GetValueOrDefault((e.Node, e.Stream), []).Select(v =>
                        new VipInterval(v, e.Node, e.Stream, interval.From, interval.To, interval.Because)));
                    break;
            }
        }

        return [.. held.OrderBy(v => v.Vip.ToString(), StringComparer.Ordinal).ThenBy(v => v.From)];
    }
}
