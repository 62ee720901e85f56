using System.Globalization;
using System.Text;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>The chart: the time axis, a lane per node's instance (and one for the node's other decisions), a bar per
/// VIP, a lane per real server; each decision as a marker in the lane of its stream.</summary>
public static partial class TimelineHtml
{
    private static void Chart(StringBuilder html, Page page)
    {
        var w = page.Window;
        var rsStream = page.Health.Select(h => (h.Node, Stream: RsStream(h))).ToHashSet();
        var laneStream = page.States.Select(s => (s.Node, Stream: s.Instance)).ToHashSet();
        // Each marker goes to the lane of its stream, else to its node's own row: one pass, one lookup.
        var markers = page.Markers.ToLookup(m =>
            laneStream.Contains((m.Node, m.Stream)) || rsStream.Contains((m.Node, m.Stream)) ? (m.Node, m.Stream) : (m.Node, ""));
        var nodes = page.States.Select(s => s.Node).Concat(page.Vips.Select(v => v.Node)).Concat(page.Health.Select(h => h.Node))
            .Concat(page.Markers.Select(m => m.Node)).Distinct().Order(StringComparer.Ordinal).ToList();
        var colour = nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i % 8);

        html.Append("<nav class=\"zoom\" id=\"zoom\" hidden><label>from <input type=\"range\" id=\"zoom-from\" min=\"0\" max=\"1000\" value=\"0\"></label>")
            .Append("<label>to <input type=\"range\" id=\"zoom-to\" min=\"0\" max=\"1000\" value=\"1000\"></label>")
            .Append("<button type=\"button\" id=\"zoom-reset\">Reset zoom</button><span id=\"view\" class=\"view\">whole window</span>")
            .Append("<span class=\"hint\">drag across the lanes to zoom in, double-click to reset</span></nav>\n")
            .Append("<main id=\"chart\" class=\"chart\">\n<div class=\"row axis-row\"><div class=\"label\">UTC</div>")
            .Append("<div class=\"track\" id=\"axis-track\"><div id=\"axis\" class=\"axis\" data-by=\"page\">");
        var ticks = w.Ticks();
        foreach (var (at, label) in ticks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"tick\" style=\"left:{TimeWindow.Css(w.Percent(at))}\">{label}</span>");
        }

        html.Append("</div></div></div>\n<div class=\"plot\" id=\"plot\">\n<div class=\"grid\" id=\"grid\">");
        foreach (var (at, _) in ticks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<i style=\"left:{TimeWindow.Css(w.Percent(at))}\"></i>");
        }

        html.Append("</div><div class=\"selection\" id=\"selection\" hidden></div>\n");
        StateLanes(html, page, nodes, markers);
        VipRows(html, page, colour);
        RealServerLanes(html, page, markers);
        html.Append("</div>\n</main>\n<aside id=\"details\" class=\"details\">")
            .Append("Hover over a marker or a bar for its details; click to keep them here.</aside>\n");
    }

    private static void StateLanes(StringBuilder html, Page page, List<string> nodes, ILookup<(string, string), TimelineLine> markers)
    {
        if (page.States.Count == 0 && !nodes.Any(n => markers[(n, "")].Any()))
        {
            return;
        }

        html.Append("<h2>VRRP state and decisions</h2>\n");
        var lanes = page.States.GroupBy(s => (s.Node, s.Instance)).ToLookup(g => g.Key.Node);
        foreach (var node in nodes)
        {
            foreach (var lane in lanes[node])
            {
                OpenRow(html, "lane", $"data-node=\"{Text(node)}\" data-instance=\"{Text(lane.Key.Instance)}\"",
                    $"<b>{Text(node)}</b> <span>{Text(lane.Key.Instance)}</span>");
                foreach (var s in lane)
                {
                    var state = Name(s.Role);
                    Segment(html, page.Window, "state", s.From, s.To,
                        $"data-node=\"{Text(s.Node)}\" data-instance=\"{Text(s.Instance)}\" data-state=\"{state}\" data-because=\"{s.Because}\"",
                        $"{s.Node} {s.Instance}: {state}\n{Span(page.Window, s.From, s.To)}\nbegun by record #{s.Because}", state);
                }

                Markers(html, page.Window, markers[(node, lane.Key.Instance)]);
                html.Append(RowEnd);
            }

            if (markers[(node, "")].Any())
            {
                OpenRow(html, "node-events", $"data-node=\"{Text(node)}\"", $"<b>{Text(node)}</b> <span>node</span>");
                Markers(html, page.Window, markers[(node, "")]);
                html.Append(RowEnd);
            }
        }
    }

    private static void VipRows(StringBuilder html, Page page, Dictionary<string, int> colour)
    {
        if (page.Vips.Count == 0)
        {
            return;
        }

        html.Append("<h2>VIP ownership</h2>\n");
        foreach (var vip in page.Vips.GroupBy(v => v.Vip.ToString()))
        {
            OpenRow(html, "vip-row", $"data-vip=\"{Text(vip.Key)}\"", $"<b>{Text(vip.Key)}</b>");
            foreach (var v in vip)
            {
                Segment(html, page.Window, "vip-bar", v.From, v.To,
                    $"data-vip=\"{Text(vip.Key)}\" data-node=\"{Text(v.Node)}\" data-instance=\"{Text(v.Instance)}\" data-colour=\"{colour[v.Node]}\"",
                    $"{vip.Key} on {v.Node} ({v.Instance} MASTER)\n{Span(page.Window, v.From, v.To)}", v.Node);
            }

            html.Append(RowEnd);
        }
    }

    private static void RealServerLanes(StringBuilder html, Page page, ILookup<(string, string), TimelineLine> markers)
    {
        if (page.Health.Count == 0)
        {
            return;
        }

        html.Append("<h2>Real servers</h2>\n");
        foreach (var lane in page.Health.GroupBy(h => (h.Node, Stream: RsStream(h))))
        {
            var first = lane.First();
            OpenRow(html, "rs-lane", $"data-node=\"{Text(lane.Key.Node)}\" data-rs=\"{Text(lane.Key.Stream)}\"",
                $"<b>{Text(lane.Key.Node)}</b> <span>{Text(first.RealServer)}</span><small>{Text(first.VirtualServer)}</small>");
            foreach (var h in lane)
            {
                var alive = h.Alive ? "true" : "false";
                Segment(html, page.Window, "health", h.From, h.To, $"data-alive=\"{alive}\" data-weight=\"{h.Weight}\"",
                    $"{h.Node} {h.RealServer} of {h.VirtualServer}: {(h.Alive ? $"alive, weight {h.Weight}" : "dead")}\n" +
                    $"{Span(page.Window, h.From, h.To)}\n{h.Why}",
                    h.Alive ? $"w {h.Weight}" : "dead");
            }

            Markers(html, page.Window, markers[lane.Key]);
            html.Append(RowEnd);
        }
    }

    /// <summary>A row: its section (with its data attributes, already escaped), its label (markup, already escaped),
    /// and the track that <see cref="RowEnd"/> closes; what is drawn in it goes in the track's zoomable wrapper.</summary>
    private static void OpenRow(StringBuilder html, string kind, string data, string label) =>
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"{kind}\" {data}><div class=\"label\">{label}</div>")
            .Append("<div class=\"track\"><div class=\"inner\">");

    private const string RowEnd = "</div></div></section>\n";

    /// <summary>One interval as a bar; an open interval (still so when the journal ends) is drawn to the window's end.</summary>
    private static void Segment(StringBuilder html, TimeWindow w, string kind, DateTimeOffset from, DateTimeOffset? to, string data,
        string title, string label)
    {
        var end = to ?? w.To;
        var left = w.Percent(from);
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"{kind}\" {data} data-from=\"{Iso(from)}\" data-to=\"{Iso(end)}\"")
            .Append(to is null ? " data-open=\"true\"" : "")
            .Append(CultureInfo.InvariantCulture, $" style=\"left:{TimeWindow.Css(left)};width:{TimeWindow.Css(w.Percent(end) - left)}\"")
            .Append(CultureInfo.InvariantCulture, $" title=\"{Text(title)}\"><span>{Text(label)}</span></div>");
    }

    private static void Markers(StringBuilder html, TimeWindow w, IEnumerable<TimelineLine> lines)
    {
        foreach (var m in lines)
        {
            var title = $"{Clock(m.Wall, true)} UTC · {m.Node} #{m.Sequence}{(m.Stream.Length == 0 ? "" : " · " + m.Stream)} · {m.Type}\n{m.What}";
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"marker\" data-node=\"{Text(m.Node)}\" data-sequence=\"{m.Sequence}\"")
                .Append(CultureInfo.InvariantCulture, $" data-stream=\"{Text(m.Stream)}\" data-type=\"{Text(m.Type)}\" data-at=\"{Iso(m.Wall)}\"")
                .Append(CultureInfo.InvariantCulture, $" style=\"left:{TimeWindow.Css(w.Percent(m.Wall))}\" title=\"{Text(title)}\"></div>");
        }
    }

    private static string RsStream(HealthInterval h) => $"{h.VirtualServer}/{h.RealServer}";

    private static string Name(VrrpRole role) => role switch
    {
        VrrpRole.Master => "MASTER",
        VrrpRole.Backup => "BACKUP",
        VrrpRole.Fault => "FAULT",
        VrrpRole.Init => "INIT",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a VRRP state"),
    };

    /// <summary>An interval for people: its bounds and length (an open one "until now" as far as the journal goes).</summary>
    private static string Span(TimeWindow w, DateTimeOffset from, DateTimeOffset? to)
    {
        var end = to ?? w.To;
        var length = end - from;
        var text = length.TotalSeconds < 120 ? $"{length.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
            : length.TotalHours < 2 ? $"{(int)length.TotalMinutes} min {length.Seconds} s" : $"{(int)length.TotalHours} h {length.Minutes} min";
        return $"{Clock(from)} – {Clock(end)}{(to is null ? " and on" : "")} ({text})";
    }
}
