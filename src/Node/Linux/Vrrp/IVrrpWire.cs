using System.Net;

namespace EsHa.Node.Linux.Vrrp;

/// <summary>VRRP on one interface for one address family (<see cref="VrrpSocket"/> for IPv4,
/// <see cref="VrrpSocket6"/> for IPv6); what it receives goes to the callback given at construction.</summary>
public interface IVrrpWire : IDisposable
{
    string Interface { get; }

    void Send(IPAddress destination, byte[] message);

    /// <summary>Runs the send path once where nothing can be sent (the loopback address through an ethernet device).</summary>
    void Warm();
}
