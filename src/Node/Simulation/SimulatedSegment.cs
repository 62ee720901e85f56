using System.Net;
using EsHa.Domain.Config.Binding;
using EsHa.Domain.Vrrp;
using EsHa.Node.Runtime;

namespace EsHa.Node.Simulation;

/// <summary>One L2 segment: what a node sends reaches every other node with its link up (multicast) or the node with
/// the destination address (unicast), after a small delay, unless the seeded PRNG drops it.</summary>
internal sealed class SimulatedSegment(Simulator simulator) : IVrrpTransport
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromTicks(1000);

    public void Send(string node, string interfaceName, IPAddress source, IPAddress destination, byte[] packet)
    {
        var sender = simulator.Node(node);
        if (!sender.LinkUp || !sender.Alive)
        {
            return;
        }

        foreach (var receiver in simulator.Nodes.Where(n => n != sender && n.Alive && n.LinkUp && !n.Isolated && !sender.Isolated
                     && (IpText.IsMulticast(destination) || n.Address.Equals(destination))))
        {
            if (simulator.Random.NextDouble() < simulator.Scenario.Loss)
            {
                simulator.Count("packets lost");
                simulator.Disturbed();
                continue;
            }

            var copies = simulator.Random.NextDouble() < simulator.Scenario.Duplicate ? 2 : 1;
            for (var copy = 0; copy < copies; copy++)
            {
                var delay = BaseDelay + TimeSpan.FromMilliseconds(simulator.Random.NextDouble() * simulator.Scenario.JitterMilliseconds);
                var at = simulator.Now + delay;
                simulator.Schedule(at, () =>
                {
                    if (receiver.Alive && receiver.LinkUp && !receiver.Isolated && !sender.Isolated)
                    {
                        receiver.Runtime.Receive(at, receiver.InterfaceFor(interfaceName), source, destination, 255, packet);
                    }
                });
            }
        }
    }
}
