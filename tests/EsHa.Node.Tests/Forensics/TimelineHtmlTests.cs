using System.Text.RegularExpressions;
using EsHa.Config.Tests.Support;
using EsHa.Node.Tests.Support;
using static EsHa.Node.Tests.Support.Markup;
using Xunit;

namespace EsHa.Node.Tests.Forensics;

/// <summary>`esha timeline --html`: the page of the seed cluster's journals as headless Chromium renders it, after its
/// script ran (the renderer alone: <see cref="TimelineHtmlRendererTests"/>).</summary>
public sealed class TimelineHtmlTests
{
    private const string Vip = "192.168.126.100";
    private const string MasterSentence = "became MASTER from Backup: master down timer expired";

    [Fact]
    public void the_seed_page_in_chromium_has_a_lane_per_node_the_vip_moving_and_a_marker_per_decision()
    {
        Prerequisite.Tool(Chromium.Program);
        var dir = Directory.CreateTempSubdirectory("esha-timeline-html-");
        try
        {
            var page = SeedPage(dir.FullName);
            var html = File.ReadAllText(page);
            // Self-contained: nothing to fetch (no links, sources, imports or remote addresses).
            Assert.DoesNotMatch(new Regex(@"<link\b|<img\b|<iframe\b|\ssrc=|@import|url\(|https?://", RegexOptions.IgnoreCase), html);

            var url = new Uri(page).AbsoluteUri;
            var dom = Chromium.DumpDom(url);
            // The script ran: it marks the body ready, redraws the axis and counts what is drawn into the summary.
            Assert.Equal("true", Single(dom, "body")["data-ready"]);
            Assert.Equal("script", Single(dom, "div", "axis")["data-by"]);
            Assert.True(Single(html, "nav", "zoom").ContainsKey("hidden"));
            Assert.False(Single(dom, "nav", "zoom").ContainsKey("hidden"));   // its zoom controls show
            var summary = Single(dom, "p", "summary");
            Assert.Equal(("20", "20", "2", "3"), (summary["data-markers"], summary["data-in-view"], summary["data-lanes"], summary["data-vip-bars"]));
            Assert.Equal(20, Tags(dom, "div", "marker").Count);

            // One lane per node's instance, ka01's states in order, the last still open when the journal ends.
            Assert.Equal(["ka01/VI_1", "ka02/VI_1"], Tags(dom, "section", "lane").Select(l => $"{l["data-node"]}/{l["data-instance"]}"));
            var ka01 = Tags(Section(dom, "lane", "ka01"), "div", "state");
            Assert.Equal(["INIT", "BACKUP", "MASTER", "FAULT", "BACKUP", "MASTER"], ka01.Select(s => s["data-state"]));
            Assert.Equal(("2026-01-01T00:00:30.0000000Z", "2026-01-01T00:01:00.0000000Z"), (ka01[3]["data-from"], ka01[3]["data-to"]));
            Assert.Equal("true", ka01[^1].GetValueOrDefault("data-open"));
            Assert.Equal(["BACKUP", "MASTER", "BACKUP"], Tags(Section(dom, "lane", "ka02"), "div", "state").Skip(1).Select(s => s["data-state"]));

            // The VIP: ka01, then ka02 while ka01 is in FAULT, then ka01 again after its preempt delay.
            Assert.Equal(["ka01", "ka02", "ka01"], Tags(dom, "div", "vip-bar").Where(b => b["data-vip"] == Vip).Select(b => b["data-node"]));

            // Markers: every BecameMaster, in its node's lane, its sentence and sequence in the title.
            var masters = Tags(dom, "div", "marker").Where(m => m["data-type"] == "BecameMaster").OrderBy(m => m["data-at"], StringComparer.Ordinal).ToList();
            Assert.Equal(["ka01", "ka02", "ka01"], masters.Select(m => m["data-node"]));
            Assert.All(masters, m => Assert.Contains(MasterSentence, m["title"], StringComparison.Ordinal));
            Assert.All(masters, m => Assert.Contains($"{m["data-node"]} #{m["data-sequence"]}", m["title"], StringComparison.Ordinal));
            Assert.Equal(2, Tags(Section(dom, "lane", "ka01"), "div", "marker").Count(m => m["data-type"] == "BecameMaster"));

            // Zoomed by the address: 25-45 s holds ka01's link loss and FAULT, ka02's takeover and its ARPs.
            var zoomed = Chromium.DumpDom(url + "#view=2026-01-01T00:00:25Z/2026-01-01T00:00:45Z");
            var body = Single(zoomed, "body");
            Assert.Equal(("true", "true", "2026-01-01T00:00:25.000Z"), (body["data-ready"], body["data-zoomed"], body["data-view-from"]));
            Assert.Equal("4", Single(zoomed, "p", "summary")["data-in-view"]);
            Assert.Contains("<span class=\"tick\" style=\"left:5.0000%\">00:00:26</span>", zoomed, StringComparison.Ordinal);

            Screenshot(url, dir.FullName);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Simulates the seed scenario into the folder and writes its page with `esha timeline --html`.</summary>
    private static string SeedPage(string dir)
    {
        var esha = Path.Combine(AppContext.BaseDirectory, "esha.dll");
        var scenario = Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed", "scenario.json");
        Assert.Equal(0, Tools.Run("dotnet", esha, "simulate", scenario, "--journal", dir).Code);
        var page = Path.Combine(dir, "page.html");
        var (code, output) = Tools.Run("dotnet", esha, "timeline", "--journal", Path.Combine(dir, "ka01.db"), "--journal", Path.Combine(dir, "ka02.db"), "--html", page);
        Assert.True(code == 0, output);
        Assert.Equal($"{page}: 20 decision(s)\n", output);
        return page;
    }

    /// <summary>A 1400x900 PNG of the page, kept with the test results and attached to the test.</summary>
    private static void Screenshot(string url, string dir)
    {
        var png = Path.Combine(dir, "timeline.png");
        Chromium.Screenshot(url, png, 1400, 900);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal((1400, 900), (BigEndian(bytes, 16), BigEndian(bytes, 20)));   // IHDR: width, height
        Assert.True(bytes.Length > 20_000, $"a {bytes.Length}-byte screenshot is too small to show the chart");
        var kept = Path.Combine(AppContext.BaseDirectory, "TestResults", "timeline.png");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(png, kept, overwrite: true);
        TestContext.Current.AddAttachment("timeline.png", bytes, "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {kept}");
    }

    private static int BigEndian(byte[] bytes, int at) => bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];
}
