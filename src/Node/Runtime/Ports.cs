using System.Net;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Runtime;

/// <summary>Where a node's VRRP packets go: raw sockets on Linux, a simulated segment in the simulator. The bytes
/// are the real wire format in both.</summary>
public interface IVrrpTransport
{
    void Send(string node, string interfaceName, IPAddress source, IPAddress destination, byte[] packet);
}

/// <summary>Where effects on the world other than packets go (VIPs, GARPs, notify scripts).</summary>
public interface IEffectPort
{
    void Apply(string node, VrrpEffect effect);
}
