using System.Net;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Ports.VrrpTransport.Wire;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Runtime;

/// <summary>
/// Plays the node's configuration through a throwaway runtime before the real one starts: every instance starts,
/// becomes master when its master-down timer expires, advertises, hears a higher priority and steps down, and
/// stops — with no transport, no effects and an in-memory journal. The code of a failover (deciding, journaling,
/// deriving effects, encoding adverts, with its generic instantiations) is then compiled and bound before the first
/// real one: the failover rig measured several milliseconds of JIT on the first takeover without it.
/// </summary>
public static class FailoverRehearsal
{
    private sealed class Nowhere : IVrrpTransport, IEffectPort
    {
        public void Send(string node, string interfaceName, IPAddress source, IPAddress destination, byte[] packet)
        {
        }

        public void Apply(string node, VrrpEffect effect) => _ = VrrpDescribe.Effect(effect);
    }

    public static void Run(KeepalivedConfig config, Func<VrrpInstance, IPAddress> ownAddressOf)
    {
        var nowhere = new Nowhere();
        var runtime = new NodeRuntime("rehearsal", nowhere, nowhere, at => DateTimeOffset.UnixEpoch.AddTicks(at.Microseconds * 10),
            new MemoryJournal("rehearsal", DateTimeOffset.UnixEpoch));
        runtime.Configure(config, ownAddressOf, Instant.Zero, "rehearsal");
        var now = Instant.Zero;
        foreach (var name in runtime.Instances.Keys.ToList())
        {
            runtime.Handle(name, new StartRequested(now, InterfaceUp: true));
        }

        // Master-down timers expire (a few seconds of virtual time: every instance becomes master and advertises).
        for (var step = 0; step < 200; step++)
        {
            now += TimeSpan.FromMilliseconds(50);
            runtime.FireTimers(now);
        }

        // A higher priority shows itself, with the instance's own settings: the masters step down.
        foreach (var instance in config.Instances)
        {
            var settings = runtime.Instances[instance.Name].Settings;
            var peer = settings.OwnAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            var advert = VrrpEffects.AdvertOf(settings, VrrpAdvert.PriorityOwner, settings.AdvertInterval);
            runtime.Receive(now, instance.Interface ?? "", peer, settings.MulticastGroup, 255, VrrpCodec.Encode(advert, peer, settings.MulticastGroup));
        }

        runtime.FireTimers(now + TimeSpan.FromSeconds(10));
        runtime.Stop(now + TimeSpan.FromSeconds(10));
    }
}
