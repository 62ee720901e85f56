using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Node.Simulation;
using EsHa.Projections.Forensics;
using Xunit;
using static EsHa.Node.Tests.Support.Markup;

namespace EsHa.Node.Tests.Forensics;

/// <summary>The timeline page's renderer alone, a pure function of journal records and a filter: escaping, the marker
/// cap, the command line's filters, real-server lanes, positions as percentages of the window.</summary>
public sealed class TimelineHtmlRendererTests
{
    private static TimelineEntry At(double second, string node, long sequence, string stream, Fact fact) =>
        new(node, sequence, stream, Simulator.Epoch.AddSeconds(second), fact);

    private static DateTimeOffset Second(double second) => Simulator.Epoch.AddSeconds(second);

    /// <summary>"left:24.19%;width:75.81%" as numbers.</summary>
    private static (double Left, double Width) Percentages(string style)
    {
        var parts = style.Split(';').Select(p => double.Parse(p[(p.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return (parts[0], parts[1]);
    }

    [Fact]
    public void markup_in_a_sentence_or_a_name_is_text_not_markup()
    {
        const string Source = "/etc/<script>alert('x')</script>&\"quoted\".conf";
        var html = TimelineHtml.Render(
        [
            At(0, "ka<01>", 1, "", new NodeStarted(Instant.Zero)),
            At(1, "ka<01>", 2, "", new ConfigLoaded(Instant.Zero, Source, "digest", ["<b>bold</b>"])),
        ], new TimelineFilter());

        Assert.Single(html.Split("<script>")[1..]);   // only the page's own script
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("/etc/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;quoted&quot;.conf", html, StringComparison.Ordinal);
        var marker = Tags(html, "div", "marker")[1];
        Assert.Equal("ka<01>", marker["data-node"]);
        Assert.Contains($"configuration loaded from {Source}: <b>bold</b>", marker["title"], StringComparison.Ordinal);
        Assert.Equal("ka<01>", Single(html, "section", "node-events")["data-node"]);
    }

    [Fact]
    public void past_5000_decisions_the_page_draws_the_first_and_says_how_many_it_left_out()
    {
        var entries = Enumerable.Range(1, TimelineHtml.MarkersMax + 1234)
            .Select(i => At(i, "ka01", i, "", new ConfigLoaded(Instant.Zero, $"/etc/keepalived/{i}.conf", "d", []))).ToList();
        var html = TimelineHtml.Render(entries, new TimelineFilter());

        var markers = Tags(html, "div", "marker");
        Assert.Equal(TimelineHtml.MarkersMax, markers.Count);
        Assert.Equal(("1", "5000"), (markers[0]["data-sequence"], markers[^1]["data-sequence"]));
        var notice = Single(html, "p", "capped");
        Assert.Equal(("5000", "1234"), (notice["data-drawn"], notice["data-left-out"]));
        Assert.Contains("Showing the first 5,000 of 6,234 decisions (1,234 left out): narrow the page with --from/--to, --vip or --node.", html, StringComparison.Ordinal);
        // The window is still every record's: the markers drawn cover its first part.
        var body = Single(html, "body");
        Assert.Equal(("2026-01-01T00:00:01.0000000Z", "2026-01-01T01:43:54.0000000Z"), (body["data-window-from"], body["data-window-to"]));
    }

    [Fact]
    public void past_10000_intervals_the_page_draws_those_that_begin_first_and_says_how_many_it_left_out()
    {
        const string Vs = "192.168.126.100:80";
        const string Rs = "192.168.126.138:80";
        var entries = Enumerable.Range(1, TimelineHtml.BarsMax + 500).Select(i => At(i, "lb1", i, $"{Vs}/{Rs}", i % 2 == 0
            ? new RealServerWentUp(Instant.Zero, Vs, Rs, 1) : new RealServerWentDown(Instant.Zero, Vs, Rs, "TCP_CHECK", false))).ToList();
        entries.Add(At(TimelineHtml.BarsMax + 501, "lb1", TimelineHtml.BarsMax + 501, "", new NodeStopped(Instant.Zero)));
        var html = TimelineHtml.Render(entries, new TimelineFilter());

        var bars = Tags(html, "div", "health");
        Assert.Equal(TimelineHtml.BarsMax, bars.Count);
        Assert.Equal("2026-01-01T02:46:40.0000000Z", bars[^1]["data-from"]);   // the 10,000th second
        var notice = Single(html, "p", "capped-bars");
        Assert.Equal(("10000", "500"), (notice["data-drawn"], notice["data-left-out"]));
        Assert.Equal(TimelineHtml.MarkersMax, Tags(html, "div", "marker").Count);
    }

    [Fact]
    public void the_node_filter_keeps_that_nodes_lanes_bars_and_markers()
    {
        var html = TimelineHtml.Render(ReadModelTests.SeedJournals(), new TimelineFilter(Node: "ka02"));
        Assert.Equal(["ka02"], Tags(html, "section", "lane").Select(l => l["data-node"]));
        Assert.Equal(["ka02"], Tags(html, "div", "vip-bar").Select(b => b["data-node"]));
        Assert.All(Tags(html, "div", "marker"), m => Assert.Equal("ka02", m["data-node"]));
        Assert.Contains("nodes ka02 &#183; --node ka02</p>", html, StringComparison.Ordinal);   // the filter, said
    }

    [Fact]
    public void from_and_to_make_the_window_and_clip_the_intervals_to_it()
    {
        var html = TimelineHtml.Render(ReadModelTests.SeedJournals(), new TimelineFilter(Second(30), Second(60)));
        var body = Single(html, "body");
        Assert.Equal(("2026-01-01T00:00:30.0000000Z", "2026-01-01T00:01:00.0000000Z"), (body["data-window-from"], body["data-window-to"]));
        // ka01 was in FAULT the whole window: one bar across it; ka02 was BACKUP, then MASTER from 37.257 s on.
        var fault = Assert.Single(Tags(Section(html, "lane", "ka01"), "div", "state"));
        Assert.Equal(("FAULT", "left:0%;width:100%"), (fault["data-state"], fault["style"]));
        var ka02 = Tags(Section(html, "lane", "ka02"), "div", "state");
        Assert.Equal(["BACKUP", "MASTER"], ka02.Select(s => s["data-state"]));
        // Positions are percentages of the window: 37.258 s is 24.19% into 30-60 s; the bar is cut at the window's end,
        // its data keeps the interval's own end (79.867 s, when ka01 took the VIP back).
        var (left, width) = Percentages(ka02[1]["style"]);
        Assert.Equal((24.19, 100.0), (Math.Round(left, 2), Math.Round(left + width, 3)));
        Assert.StartsWith("2026-01-01T00:01:19.867", ka02[1]["data-to"], StringComparison.Ordinal);
        Assert.Equal(["ka02"], Tags(html, "div", "vip-bar").Select(b => b["data-node"]));
        Assert.Equal(6, Tags(html, "div", "marker").Count);
    }

    [Fact]
    public void a_vip_no_instance_carries_leaves_an_empty_page_that_says_so()
    {
        var html = TimelineHtml.Render(ReadModelTests.SeedJournals(), new TimelineFilter(Vip: IPAddress.Parse("192.0.2.1")));
        Assert.Empty(Tags(html, "section", "lane"));
        Assert.Empty(Tags(html, "div", "vip-bar"));
        Assert.Empty(Tags(html, "div", "marker"));
        Assert.Contains("<p id=\"summary\" class=\"summary\">0 decision(s)</p>", html, StringComparison.Ordinal);
        Assert.Contains("0 decision(s)", TimelineHtml.Render([], new TimelineFilter()), StringComparison.Ordinal);
    }

    [Fact]
    public void a_real_server_gets_a_lane_of_alive_and_dead_intervals_with_its_decisions()
    {
        const string Vs = "192.168.126.100:80";
        const string Rs = "192.168.126.138:80";
        const string Stream = $"{Vs}/{Rs}";
        IReadOnlyList<TimelineEntry> entries =
        [
            At(0, "ka01", 1, "", new NodeStarted(Instant.Zero)),
            At(0, "ka01", 2, Stream, new RealServerStarted(Instant.Zero, Vs, Rs, true, 2)),
            At(25, "ka01", 3, Stream, new RealServerWentDown(Instant.Zero, Vs, Rs, "HTTP_GET", false)),
            At(75, "ka01", 4, Stream, new RealServerWentUp(Instant.Zero, Vs, Rs, 2)),
            At(100, "ka01", 5, "", new NodeStopped(Instant.Zero)),
        ];
        var html = TimelineHtml.Render(entries, new TimelineFilter(Vip: IPAddress.Parse("192.168.126.100")));

        var lane = Section(html, "rs-lane", Stream, "data-rs");
        Assert.Equal("ka01", Single(html, "section", "rs-lane")["data-node"]);
        var health = Tags(lane, "div", "health");
        Assert.Equal(["true 2 left:0%;width:25%", "false 0 left:25%;width:50%", "true 2 left:75%;width:25%"],
            health.Select(h => $"{h["data-alive"]} {h["data-weight"]} {h["style"]}"));
        Assert.Equal(["2", "3", "4"], Tags(lane, "div", "marker").Select(m => m["data-sequence"]));
        Assert.Contains("real server alive", html, StringComparison.Ordinal);
        Assert.Empty(Tags(TimelineHtml.Render(entries, new TimelineFilter(Vip: IPAddress.Parse("192.0.2.1"))), "section", "rs-lane"));
    }
}
