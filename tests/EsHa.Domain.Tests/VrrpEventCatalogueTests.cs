using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Journal;
using Xunit;

namespace EsHa.Domain.Tests;

/// <summary>Stored event names are a contract: every event has one, and the list only grows.</summary>
public sealed class VrrpEventCatalogueTests
{
    private static string CatalogueFile => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "testdata", "vrrp-events.txt");

    [Fact]
    public void every_event_type_has_a_stored_name_and_the_names_match_the_committed_list()
    {
        var named = VrrpEventJson.Catalogue();
        var types = typeof(VrrpEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(VrrpEvent)) && !t.IsAbstract);
        Assert.Equal(types.OrderBy(t => t.Name), named.Select(n => n.Type).OrderBy(t => t.Name));
        var lines = named.Select(n => $"{n.Name} {n.Type.Name}").Order(StringComparer.Ordinal).ToList();
        if (Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1")
        {
            File.WriteAllLines(CatalogueFile, lines);
        }

        var committed = File.ReadAllLines(CatalogueFile);
        Assert.Empty(committed.Except(lines));
        Assert.Equal(committed, lines);
    }

    [Fact]
    public void events_round_trip_through_their_stored_json()
    {
        var config = ConfigLoader.LoadText("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  192.0.2.5\n }\n}").Config!;
        var settings = InstanceSettings.From(config.Instances[0], config, IPAddress.Parse("192.0.2.1"));
        VrrpEvent[] events =
        [
            new InstanceStarted(new Instant(1), settings),
            new BecameBackup(new Instant(2), VrrpRole.Master, BackupReason.HigherPriorityMaster, IPAddress.Parse("192.0.2.2"), 150),
            new AdvertRejected(new Instant(3), IPAddress.Parse("fe80::2"), AdvertRejectReason.BadChecksum, "checksum 0x1234"),
            new PreemptDelayStarted(new Instant(4), new Instant(10_000_004)),
        ];
        foreach (var e in events)
        {
            var json = VrrpEventJson.Serialize(e);
            Assert.Equal(json, VrrpEventJson.Serialize(VrrpEventJson.Deserialize(json)!));
            Assert.Contains("\"type\":\"vrrp.", json, StringComparison.Ordinal);
        }
    }
}
