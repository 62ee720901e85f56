using System.Net;
using EsHa.Domain.Config.Model;
using EsHa.Node.Journal;
using EsHa.Node.Runtime;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Simulation;

/// <summary>A simulated host: its runtime, its link, whether it runs, and the VIPs the simulated kernel holds.</summary>
internal sealed class SimulatedNode(string name, IPAddress address, KeepalivedConfig config, string? interfaceName, string configPath)
{
    public string ConfigPath { get; } = configPath;

    public string Name { get; } = name;

    public IPAddress Address { get; } = address;

    public KeepalivedConfig Config { get; } = config;

    public NodeRuntime Runtime { get; set; } = null!;

    /// <summary>The node's journal: it outlives a crash, as a disk does (what the runtime still held back does not).</summary>
    public MemoryJournal Journal { get; } = new(name, Simulator.Epoch);

    /// <summary>A durable journal the run also writes (esha simulate --journal), or null.</summary>
    public IJournal? Durable { get; set; }

    /// <summary>How far the node's wall clock is from true time (clock-jump faults); the monotonic clock never jumps.</summary>
    public TimeSpan WallOffset { get; set; }

    public bool LinkUp { get; set; } = true;

    public bool Alive { get; set; } = true;

    /// <summary>Cut off by a partition: its link is up but nothing reaches it or leaves it.</summary>
    public bool Isolated { get; set; }

    /// <summary>What each tracked object reports in the simulated world (tracker faults set it; a restarted node's
    /// trackers report it again).</summary>
    public Dictionary<(Domain.Vrrp.TrackerKind Kind, string Name), int> Trackers { get; } = [];

    /// <summary>The addresses this host's simulated interfaces hold.</summary>
    public HashSet<IPAddress> Vips { get; } = [];

    /// <summary>All instances of the simulated host share one segment; a scenario may name the interface.</summary>
    public string InterfaceFor(string sentOn) => interfaceName ?? sentOn;
}

/// <summary>The simulated kernel and scripts: VIPs are added and removed; GARPs and notifies are counted.</summary>
internal sealed class SimulatedEffects(Simulator simulator) : IEffectPort
{
    public void Apply(string node, VrrpEffect effect)
    {
        var host = simulator.Node(node);
        switch (effect)
        {
            case AddVips add:
                host.Vips.UnionWith(add.Addresses);
                break;
            case RemoveVips remove:
                host.Vips.ExceptWith(remove.Addresses);
                break;
            case SendGratuitousArps:
                simulator.Count("gratuitous ARP bursts");
                break;
            case RunScript:
                simulator.Count("notify scripts run");
                break;
            case WriteNotifyFifo:
                simulator.Count("notify FIFO lines");
                break;
        }
    }
}
