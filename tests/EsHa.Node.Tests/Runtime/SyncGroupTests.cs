using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Runtime;
using EsHa.Projections.Vrrp;
using Xunit;

namespace EsHa.Node.Tests.Runtime;

/// <summary>The user's sync-group sketch made real: the VIP instance (eth0) and the DIP instance (eth1) must move
/// together, through the node's runtime loop.</summary>
public sealed class SyncGroupTests
{
    private const string Config = """
        global_defs {
            notify_fifo /run/esha/notify.fifo
        }
        vrrp_sync_group VG_1 {
            group {
                VI_1
                VI_2
            }
            notify_master "/usr/local/bin/vg master"
            notify "/usr/local/bin/vg-any"
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            virtual_ipaddress {
                192.168.126.100/24
            }
        }
        vrrp_instance VI_2 {
            interface eth1
            virtual_router_id 52
            priority 100
            advert_int 1
            track_interface {
                eth2
            }
            virtual_ipaddress {
                10.1.1.100/24
            }
        }
        """;

    /// <summary>Sends nowhere; keeps the effects that are not packets, as text.</summary>
    private sealed class Effects : IVrrpTransport, IEffectPort
    {
        public List<string> Done { get; } = [];

        public void Send(string node, string interfaceName, IPAddress source, IPAddress destination, byte[] packet)
        {
        }

        public void Apply(string node, VrrpEffect effect) => Done.Add(VrrpDescribe.Effect(effect));
    }

    private sealed class Node(NodeRuntime runtime, MemoryJournal journal, Effects effects)
    {
        public IReadOnlyDictionary<string, VrrpState> Instances => runtime.Instances;

        public IReadOnlyDictionary<string, VrrpRole> SyncGroups => runtime.SyncGroups;

        public List<JournalRecord> Journal => journal.Records;

        public List<string> Effects => effects.Done;

        public void Handle(string instance, VrrpInput input) => runtime.Handle(instance, input);
    }

    private static Node Started()
    {
        var loaded = ConfigLoader.LoadText(Config);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        var (journal, effects) = (new MemoryJournal("ka01", DateTimeOffset.UnixEpoch), new Effects());
        var runtime = new NodeRuntime("ka01", effects, effects, at => DateTimeOffset.UnixEpoch.AddTicks(at.Microseconds * 10), journal);
        runtime.Configure(loaded.Config!, IPAddress.Parse("10.1.1.1"), Instant.Zero, "keepalived.conf");
        var node = new Node(runtime, journal, effects);
        foreach (var instance in node.Instances.Keys.ToList())
        {
            node.Handle(instance, new StartRequested(Instant.Zero, true));
        }

        return node;
    }

    private static (VrrpRole, VrrpRole) Roles(Node node) => (node.Instances["VI_1"].Role, node.Instances["VI_2"].Role);

    [Fact]
    public void members_become_master_together_when_the_first_is_held_until_the_second_is_ready()
    {
        var node = Started();
        var down = node.Instances["VI_1"].MasterDownAt!.Value;
        node.Handle("VI_1", new MasterDownTimerFired(down));
        Assert.True(node.Instances["VI_1"].WantsMaster);
        Assert.Equal((VrrpRole.Backup, VrrpRole.Backup), Roles(node));
        node.Handle("VI_2", new MasterDownTimerFired(node.Instances["VI_2"].MasterDownAt!.Value));
        Assert.Equal((VrrpRole.Master, VrrpRole.Master), Roles(node));
        var moved = Assert.Single(node.Journal, r => r.Stream == "VI_1" && r.Fact is BecameMaster { Reason: MasterReason.SyncGroup });
        var input = Assert.Single(node.Journal, r => r.Sequence == moved.CausationId);
        Assert.IsType<SyncGroupMoved>(input.Fact);
        var cause = Assert.Single(node.Journal, r => r.Sequence == input.CausationId);
        Assert.Equal("VI_2", cause.Stream);
        Assert.IsType<BecameMaster>(cause.Fact);

        // The group's own state and notifies, once, after its last member moved (keepalived's send_group_notifies).
        var group = Assert.Single(node.Journal, r => r.Fact is SyncGroupChanged { To: VrrpRole.Master });
        Assert.Equal("VG_1", group.Stream);
        Assert.Equal(VrrpRole.Master, node.SyncGroups["VG_1"]);
        Assert.Equal(1, node.Effects.Count(e => e == "fifo GROUP \"VG_1\" MASTER 0"));
        Assert.Contains("run /usr/local/bin/vg master", node.Effects);
        Assert.Contains("run /usr/local/bin/vg-any GROUP VG_1 MASTER 0", node.Effects);
    }

    [Fact]
    public void one_member_in_fault_takes_the_group_to_fault_and_its_recovery_brings_all_back()
    {
        var node = Started();
        node.Handle("VI_1", new MasterDownTimerFired(node.Instances["VI_1"].MasterDownAt!.Value));
        node.Handle("VI_2", new MasterDownTimerFired(node.Instances["VI_2"].MasterDownAt!.Value));
        var at = Instant.At(TimeSpan.FromSeconds(10));
        node.Handle("VI_2", new TrackerChanged(at, TrackerKind.Interface, "eth2", 0));
        Assert.Equal((VrrpRole.Fault, VrrpRole.Fault), Roles(node));
        Assert.True(node.Instances["VI_1"].FaultedBySyncGroup);
        Assert.Contains(node.Journal, r => r.Stream == "VI_1" && r.Fact is AdvertSent { Priority: 0 });

        // VI_1's own link bouncing does not end the group's fault while VI_2's tracker is down, nor does it pass
        // through BACKUP (no notify_backup in between).
        var before = node.Journal.Count;
        node.Handle("VI_1", new InterfaceLinkChanged(at + TimeSpan.FromSeconds(1), false));
        node.Handle("VI_1", new InterfaceLinkChanged(at + TimeSpan.FromSeconds(2), true));
        Assert.Equal((VrrpRole.Fault, VrrpRole.Fault), Roles(node));
        Assert.DoesNotContain(node.Journal.Skip(before), r => r.Fact is BecameBackup);

        // VI_2 recovers while VI_1's link is down: both stay in FAULT; VI_1's link coming back ends it for both.
        node.Handle("VI_1", new InterfaceLinkChanged(at + TimeSpan.FromSeconds(3), false));
        node.Handle("VI_2", new TrackerChanged(at + TimeSpan.FromSeconds(4), TrackerKind.Interface, "eth2", 1));
        Assert.Equal((VrrpRole.Fault, VrrpRole.Fault), Roles(node));
        node.Handle("VI_1", new InterfaceLinkChanged(at + TimeSpan.FromSeconds(5), true));
        Assert.Equal((VrrpRole.Backup, VrrpRole.Backup), Roles(node));
        Assert.Equal(["fifo GROUP \"VG_1\" BACKUP 0", "fifo GROUP \"VG_1\" MASTER 0", "fifo GROUP \"VG_1\" FAULT 0", "fifo GROUP \"VG_1\" BACKUP 0"],
            node.Effects.Where(e => e.StartsWith("fifo GROUP", StringComparison.Ordinal)));
    }

    [Fact]
    public void the_member_that_failed_first_stays_in_fault_while_another_member_still_has_a_fault_of_its_own()
    {
        var node = Started();
        node.Handle("VI_1", new MasterDownTimerFired(node.Instances["VI_1"].MasterDownAt!.Value));
        node.Handle("VI_2", new MasterDownTimerFired(node.Instances["VI_2"].MasterDownAt!.Value));
        var at = Instant.At(TimeSpan.FromSeconds(10));
        node.Handle("VI_1", new InterfaceLinkChanged(at, false));
        node.Handle("VI_2", new TrackerChanged(at + TimeSpan.FromSeconds(1), TrackerKind.Interface, "eth2", 0));
        var before = node.Journal.Count;

        // VI_1's own fault ends first: it must not pass through BACKUP (keepalived keeps it in FAULT while the
        // group counts a member fault).
        node.Handle("VI_1", new InterfaceLinkChanged(at + TimeSpan.FromSeconds(2), true));
        Assert.Equal((VrrpRole.Fault, VrrpRole.Fault), Roles(node));
        Assert.DoesNotContain(node.Journal.Skip(before), r => r.Fact is BecameBackup);

        node.Handle("VI_2", new TrackerChanged(at + TimeSpan.FromSeconds(3), TrackerKind.Interface, "eth2", 1));
        Assert.Equal((VrrpRole.Backup, VrrpRole.Backup), Roles(node));
        Assert.Equal(VrrpRole.Backup, node.SyncGroups["VG_1"]);
    }

    [Fact]
    public void one_member_yielding_to_a_higher_master_takes_the_group_to_backup()
    {
        var node = Started();
        node.Handle("VI_1", new MasterDownTimerFired(node.Instances["VI_1"].MasterDownAt!.Value));
        node.Handle("VI_2", new MasterDownTimerFired(node.Instances["VI_2"].MasterDownAt!.Value));
        var advert = new VrrpAdvert(2, 51, 200, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.168.126.100")]);
        node.Handle("VI_1", new AdvertReceived(Instant.At(TimeSpan.FromSeconds(9)), IPAddress.Parse("10.1.1.2"),
            IPAddress.Parse("224.0.0.18"), 255, advert));
        Assert.Equal((VrrpRole.Backup, VrrpRole.Backup), Roles(node));
    }

    [Fact]
    public void weighted_trackers_of_sync_group_members_become_fault_trackers_as_in_keepalived()
    {
        var loaded = ConfigLoader.LoadText(Config.Replace("                eth2\n", "                eth2 weight 30\n", StringComparison.Ordinal));
        var vi2 = loaded.Config!.Instances.Single(i => i.Name == "VI_2");
        var settings = InstanceSettings.From(vi2, loaded.Config, IPAddress.Parse("10.1.1.1"));
        Assert.Equal(0, Assert.Single(settings.Trackers).Weight);
    }
}
