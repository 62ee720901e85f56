using EsHa.Config.Tests.Support;
using EsHa.Domain.Config.Json;
using EsHa.Domain.Config.Model;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>The model's JSON form: every corpus file round-trips, and the seed's models are pinned.</summary>
public sealed class ModelJsonTests
{
    public static TheoryData<string> CorpusFiles() => new(Corpus.AllFiles());

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void every_corpus_model_round_trips_through_json(string file)
    {
        var config = Load.Disk(Path.Combine(Corpus.SharedRoot, file)).Config!;
        var json = ConfigJson.Serialize(config);
        var back = ConfigJson.Deserialize(json)!;
        Assert.Equal(json, ConfigJson.Serialize(back));
        Assert.Equal(config.Instances.Count, back.Instances.Count);
        Assert.Equal(config.VirtualServers.SelectMany(v => v.RealServers).Count(), back.VirtualServers.SelectMany(v => v.RealServers).Count());
    }

    [Theory]
    [InlineData("ka01/conf.d/www.ming.org.conf.http")]
    [InlineData("ka01/conf.d/www.ming.org.conf.tcp")]
    [InlineData("ka02/conf.d/www.ming.org.conf.http")]
    [InlineData("ka02/conf.d/www.ming.org.conf.tcp")]
    [InlineData("fwmark-6.conf")]
    public void the_seed_models_match_their_golden_json(string file)
    {
        // Paths in the golden files are relative to the corpus, so the test holds wherever the checkout is.
        var json = ConfigJson.Serialize(Load.Disk(Path.Combine(Corpus.Seed, file)).Config!)
            .Replace(Corpus.Seed + "/", "", StringComparison.Ordinal);
        var golden = Path.Combine(Corpus.TestData, "golden", "seed-" + file.Replace('/', '-') + ".json");
        if (Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1")
        {
            File.WriteAllText(golden, json + "\n");
        }

        Assert.Equal(File.ReadAllText(golden), json + "\n");
    }

    [Fact]
    public void the_seed_model_carries_what_the_operator_wrote_with_its_lines()
    {
        var config = Load.Disk(Path.Combine(Corpus.Seed, "ka01", "conf.d", "www.ming.org.conf.http")).Config!;
        var vi = Assert.Single(config.Instances);
        Assert.Equal(("VI_1", "eth1", 51, 100), (vi.Name, vi.Interface, vi.VirtualRouterId, vi.Priority));
        Assert.Equal(InitialState.Backup, vi.State);
        Assert.Equal(TimeSpan.FromSeconds(3), vi.AdvertInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), vi.PreemptDelay);
        Assert.Equal(5, vi.SourceOf("priority").Line);
        Assert.Equal(8, vi.SourceOf("preempt_delay").Line);
        var vip = Assert.Single(vi.VirtualIpAddresses);
        Assert.Equal(("192.168.126.100", 24, "eth0", "eth0:1", 14), (vip.Address, vip.PrefixLength, vip.Device, vip.Label, vip.At.Line));
        Assert.Equal("10.1.1.1", vi.UnicastSrcIp);
        Assert.Equal("10.1.1.2", Assert.Single(vi.UnicastPeers).Address);
        Assert.Equal("/apps/keepalived/bin/notify.sh master", vi.NotifyMaster!.CommandLine);
        Assert.True(vi.Accept);
        Assert.Equal(AuthenticationType.Pass, vi.Authentication!.Type);

        var vs = Assert.Single(config.VirtualServers);
        Assert.Equal("192.168.126.100:80", vs.Key.ToString());
        Assert.Equal(("wrr", ForwardingMethod.DirectRouting, "TCP"), (vs.Scheduler, vs.ForwardingMethod, vs.Protocol));
        Assert.Equal("127.0.0.1:80", vs.SorryServer!.ToString());
        Assert.Equal([("192.168.126.138", 2), ("192.168.126.139", 1)], vs.RealServers.Select(r => (r.Address, r.Weight)));
        var check = Assert.Single(vs.RealServers[0].Checkers);
        Assert.Equal((CheckerType.HttpGet, 3, TimeSpan.FromSeconds(1)), (check.Type, check.Retry, check.ConnectTimeout));
        Assert.Equal("/index.html", Assert.Single(check.Urls).Path);
        Assert.Equal(46, check.SourceOf("retry").Line);
    }

    [Fact]
    public void the_ka02_model_shows_what_the_unicast_typo_costs()
    {
        var vi = Assert.Single(Load.Disk(Path.Combine(Corpus.Seed, "ka02", "conf.d", "www.ming.org.conf.tcp")).Config!.Instances);
        Assert.Null(vi.UnicastSrcIp);
        Assert.Equal("10.1.1.1", Assert.Single(vi.UnicastPeers).Address);
        var check = Assert.Single(Load.Disk(Path.Combine(Corpus.Seed, "ka02", "conf.d", "www.ming.org.conf.tcp")).Config!
            .VirtualServers[0].RealServers[0].Checkers);
        Assert.Null(check.Retry);
    }
}
