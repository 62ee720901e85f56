using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Tests.Support;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Journal;
using Xunit;

namespace EsHa.Domain.Tests;

/// <summary>Stored names are a contract: every fact has one, the list only grows, and docs/events.md describes each
/// (generated from the code's own doc comments, so it cannot drift).</summary>
public sealed class FactCatalogueTests
{
    private static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "testdata", name);

    private static string Docs => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "events.md");

    private static bool Rewrite => Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1";

    [Fact]
    public void every_fact_type_has_a_stored_name_and_the_names_match_the_committed_list()
    {
        var named = FactJson.Catalogue();
        var types = typeof(Fact).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Fact)) && !t.IsAbstract);
        Assert.Equal(types.OrderBy(t => t.Name), named.Select(n => n.Type).OrderBy(t => t.Name));
        Assert.Equal(named.Count, named.Select(n => n.Name).Distinct().Count());
        var lines = named.Select(n => $"{n.Name} {n.Type.Name}").Order(StringComparer.Ordinal).ToList();
        if (Rewrite)
        {
            File.WriteAllLines(TestData("facts.txt"), lines);
        }

        // A stored name once committed never disappears (a changed shape gets a new version beside it).
        var committed = File.ReadAllLines(TestData("facts.txt"));
        Assert.Empty(committed.Except(lines));
        Assert.Equal(committed, lines);
    }

    [Fact]
    public void docs_events_md_describes_every_fact_as_the_code_does()
    {
        var expected = FactCatalogueDocument.Render(FactJson.Catalogue());
        if (Rewrite)
        {
            File.WriteAllText(Docs, expected);
        }

        Assert.Equal(expected, File.ReadAllText(Docs));
        foreach (var (_, name) in FactJson.Catalogue())
        {
            Assert.Contains($"`{name}`", expected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void facts_round_trip_through_their_stored_json()
    {
        var config = ConfigLoader.LoadText("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  192.0.2.5\n }\n}").Config!;
        var settings = InstanceSettings.From(config.Instances[0], config, IPAddress.Parse("192.0.2.1"));
        var advert = new VrrpAdvert(3, 5, 100, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.0.2.5")]);
        Fact[] facts =
        [
            new InstanceStarted(new Instant(1), settings),
            new BecameBackup(new Instant(2), VrrpRole.Master, BackupReason.HigherPriorityMaster, IPAddress.Parse("192.0.2.2"), 150),
            new AdvertRejected(new Instant(3), IPAddress.Parse("fe80::2"), AdvertRejectReason.BadChecksum, "checksum 0x1234"),
            new PreemptDelayStarted(new Instant(4), new Instant(10_000_004)),
            new SettingsChanged(new Instant(5), settings, [IPAddress.Parse("192.0.2.6")], []),
            new AdvertReceived(new Instant(6), IPAddress.Parse("192.0.2.2"), IPAddress.Parse("224.0.0.18"), 255, advert),
            new OperatorCommanded(new Instant(7), OperatorAction.Drain, "alice"),
            new SyncGroupChanged(new Instant(8), "VG_1", VrrpRole.Backup, VrrpRole.Master, "VI_1"),
            new ConfigLoaded(new Instant(9), "/etc/keepalived/keepalived.conf", "ab12", ["vrrp_instance VI_1: priority 100 -> 90"]),
            new ProbeCompleted(new Instant(10), "192.168.126.100:80", "192.168.126.138:80", 0, false, "HTTP 403 for /index.html from 192.168.126.138:80"),
            new CheckerWentDown(new Instant(11), "192.168.126.100:80", "192.168.126.138:80", "HTTP_GET", ["connection refused", "connect timeout after 1 s"]),
            new QuorumLost(new Instant(12), "192.168.126.100:80", 0, 1),
            new LvsWeightSet(new Instant(13), "nftables", "TCP  192.168.126.100:80", "192.168.126.138:80", 2, 0),
            new LvsDriftFound(new Instant(14), "ipvs", ["kernel did: delete 192.168.126.139:80 from TCP  192.168.126.100:80"]),
        ];
        foreach (var fact in facts)
        {
            var json = FactJson.Serialize(fact);
            var back = FactJson.Deserialize(json)!;
            Assert.Equal(fact.GetType(), back.GetType());
            Assert.Equal(json, FactJson.Serialize(back));
        }
    }
}
