using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Runtime;
using EsHa.Projections.Vrrp;
using Xunit;

namespace EsHa.Node.Tests.Runtime;

/// <summary>A reload through the runtime, as keepalived does one on SIGHUP: surviving instances keep their role,
/// gone ones stop, new ones start, one whose identity changed restarts, and the journal says what changed.</summary>
public sealed class ReloadTests
{
    private sealed class Effects : IVrrpTransport, IEffectPort
    {
        public List<string> Done { get; } = [];

        public void Send(string node, string interfaceName, IPAddress source, IPAddress destination, byte[] packet)
        {
        }

        public void Apply(string node, VrrpEffect effect) => Done.Add(VrrpDescribe.Effect(effect));
    }

    private static string Instance(string name, int vrid, int priority, string vip) => $$"""
        vrrp_instance {{name}} {
            interface eth1
            virtual_router_id {{vrid}}
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                {{vip}}
            }
        }

        """;

    private static KeepalivedConfig Load(string text)
    {
        var loaded = ConfigLoader.LoadText(text);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        return loaded.Config!;
    }

    [Fact]
    public void a_reload_keeps_the_master_master_stops_the_removed_starts_the_new_and_restarts_a_changed_vrid()
    {
        var (journal, effects) = (new MemoryJournal("ka01", DateTimeOffset.UnixEpoch), new Effects());
        var node = new NodeRuntime("ka01", effects, effects, at => DateTimeOffset.UnixEpoch.AddTicks(at.Microseconds * 10), journal);
        var own = IPAddress.Parse("10.1.1.1");
        node.Configure(Load(Instance("VI_1", 51, 100, "192.168.126.100") + Instance("VI_2", 52, 100, "192.168.126.101")
            + Instance("VI_3", 53, 100, "192.168.126.102")), own, Instant.Zero, "keepalived.conf");
        foreach (var name in node.Instances.Keys.ToList())
        {
            node.Handle(name, new StartRequested(Instant.Zero, true));
        }

        node.FireTimers(Instant.At(TimeSpan.FromSeconds(4)));
        Assert.All(node.Instances.Values, s => Assert.Equal(VrrpRole.Master, s.Role));
        effects.Done.Clear();

        var at = Instant.At(TimeSpan.FromSeconds(5));
        node.Reload(Load(Instance("VI_1", 51, 90, "192.168.126.110") + Instance("VI_3", 63, 100, "192.168.126.102")
            + Instance("VI_4", 54, 100, "192.168.126.103")), own, at, "keepalived.conf", _ => true);

        Assert.Equal(VrrpRole.Master, node.Instances["VI_1"].Role);
        Assert.Equal(90, node.Instances["VI_1"].EffectivePriority);
        Assert.False(node.Instances.ContainsKey("VI_2"));
        Assert.Equal(VrrpRole.Backup, node.Instances["VI_3"].Role);
        Assert.Equal(63, node.Instances["VI_3"].Settings.VirtualRouterId);
        Assert.Equal(VrrpRole.Backup, node.Instances["VI_4"].Role);

        // VI_1 swapped its VIP in place; VI_2 and the old VI_3 left theirs when they stopped.
        Assert.Equal(["remove VIPs 192.168.126.100", "add VIPs 192.168.126.110"],
            effects.Done.Where(e => e.Contains("192.168.126.100", StringComparison.Ordinal) || e.Contains("192.168.126.110", StringComparison.Ordinal))
                .Where(e => e.StartsWith("remove", StringComparison.Ordinal) || e.StartsWith("add", StringComparison.Ordinal)));
        Assert.Contains("remove VIPs 192.168.126.101", effects.Done);
        Assert.Contains("remove VIPs 192.168.126.102", effects.Done);

        var loaded = journal.Records.Last(r => r.Fact is ConfigLoaded);
        var changes = ((ConfigLoaded)loaded.Fact).Changes;
        Assert.Contains(changes, c => c.Contains("VI_2", StringComparison.Ordinal) && c.EndsWith("removed", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Contains("VI_1", StringComparison.Ordinal) && c.Contains("100 -> 90", StringComparison.Ordinal));
        Assert.Contains(journal.Records, r => r.Stream == "VI_1" && r.Fact is SettingsChanged);
        Assert.Contains(journal.Records, r => r.Stream == "VI_2" && r.Fact is InstanceStopped);
        Assert.Equal(2, journal.Records.Count(r => r.Stream == "VI_3" && r.Fact is InstanceStarted));
    }
}
