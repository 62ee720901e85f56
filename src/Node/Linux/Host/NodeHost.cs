using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Linux.Effects;
using EsHa.Node.Linux.Netlink;
using EsHa.Node.Linux.Vrrp;
using EsHa.Node.Runtime;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Linux.Host;

/// <summary>
/// A node on Linux: the same <see cref="NodeRuntime"/> as in the simulator, fed from one loop. Socket threads only
/// enqueue what they receive; the loop takes inputs in order, fires timers on the monotonic clock, and stops cleanly
/// (priority 0 from masters, VIPs removed, <c>node.stopped.v1</c> journaled) when asked.
/// </summary>
public sealed partial class NodeHost : IVrrpTransport, IDisposable
{
    private readonly BlockingCollection<Action<Instant>> _inputs = new();
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Dictionary<(string Interface, AddressFamily Family), IVrrpWire> _sockets = [];
    private readonly LinuxEffects _effects;
    private readonly NodeRuntime _runtime;
    private readonly NetlinkMonitor _monitor;
    private Scripts.VrrpScriptRunner? _scripts;
    private KeepalivedConfig _config;
    private Scripts.ScriptPolicy _policy;
    private int _scriptGeneration;
    private Tracking.TrackFileWatcher? _trackFiles;
    private readonly Action<string> _log;

    public NodeHost(string node, KeepalivedConfig config, string configPath, IJournal journal, Action<string> log, TimeProvider? time = null,
        string lvsBackend = "auto")
    {
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        // The configuration as keepalived runs it: scripts that fail script security are dropped here.
        (config, _policy) = Scripts.ScriptSecurity.Apply(config, log);
        (_config, _log) = (config, log);
        _effects = new LinuxEffects(config, _policy, log);
        // Before anything is on the wire: a failover played through a throwaway runtime, and the kernel paths run once
        // against devices that cannot exist, so the first real takeover does not wait on the JIT.
        // Each instance's source address, read from the interfaces once for the rehearsal and the real runtime.
        var ownAddresses = config.Instances.ToDictionary(i => i.Name, OwnAddress, StringComparer.Ordinal);
        FailoverRehearsal.Run(config, i => ownAddresses[i.Name]);
        _effects.Warm();
        _runtime = new NodeRuntime(node, this, _effects, _ => _time.GetUtcNow(), journal);
        _runtime.Configure(config, i => ownAddresses[i.Name], Now, configPath);
        _monitor = new NetlinkMonitor(change => _inputs.Add(now => Changed(now, change)));
        OpenSockets(config, atStart: true);
        OpenLvs(config, _lvsChoice = lvsBackend, _policy.DefaultUser);
    }

    /// <summary>A VRRP socket per interface and address family the instances use (those already open stay). At start
    /// a socket that cannot be opened stops the node; after a reload it is reported and the rest goes on.</summary>
    private void OpenSockets(KeepalivedConfig config, bool atStart)
    {
        foreach (var instance in config.Instances)
        {
            var interfaceName = instance.Interface ?? "";
            var settings = _runtime.Instances[instance.Name].Settings;
            var family = settings.OwnAddress.AddressFamily;
            if (_sockets.ContainsKey((interfaceName, family)))
            {
                continue;
            }

            Action<ReceivedAdvert> received = packet => _inputs.Add(now => _runtime.Receive(now, packet.Interface, packet.Source, packet.Destination, packet.Ttl, packet.Message));
            var group = settings.Unicast ? null : settings.MulticastGroup;
            try
            {
                var wire = _sockets[(interfaceName, family)] = family == AddressFamily.InterNetworkV6
                    ? new VrrpSocket6(interfaceName, settings.OwnAddress, group, received, _log)
                    : new VrrpSocket(interfaceName, settings.OwnAddress, group, received, _log);
                wire.Warm();
            }
            catch (Exception e) when (!atStart && e is InvalidOperationException or SocketException)
            {
                _log($"vrrp_instance {instance.Name}: no VRRP socket on {interfaceName}: {e.Message}");
            }
        }
    }

    public NodeRuntime Runtime => _runtime;

    /// <summary>The monotonic clock, from the node's start: every timer of the runtime is measured on it.</summary>
    private Instant Now => Instant.At(_time.GetElapsedTime(_started));

    /// <summary>Runs until <paramref name="stop"/> is cancelled, then stops the instances cleanly.</summary>
    public void Run(CancellationToken stop)
    {
        (_trackFiles, _scripts) = StartScripts(_config, _policy, ++_scriptGeneration, reportFirst: false);
        var onDevice = AddressesByDevice();
        foreach (var instance in _config.Instances)
        {
            _runtime.Handle(instance.Name, new StartRequested(Now, LinkUp(instance.Interface ?? ""), VipsPresent(instance, onDevice)));
        }

        _log($"{_runtime.Name}: {string.Join(", ", _runtime.Instances.Select(i => $"{i.Key} {VrrpEffects.StateName(i.Value.Role)}"))}");
        _lvs?.Start(Now);
        while (!stop.IsCancellationRequested)
        {
            var wait = Earliest(_runtime.NextDeadline, _lvs?.NextDeadline) is { } due ? Math.Clamp((due - Now).TotalMilliseconds, 0, 1000) : 1000;
            try
            {
                if (_inputs.TryTake(out var input, (int)Math.Ceiling(wait), stop))
                {
                    input(Now);
                    while (_inputs.TryTake(out var more))
                    {
                        more(Now);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            _runtime.FireTimers(Now);
            _lvs?.FireTimers(Now);
        }

        _lvs?.Stop(Now);
        _runtime.Stop(Now);
    }

    /// <summary>A reload (SIGHUP) with a configuration already read and checked: journaled with its diff; surviving
    /// instances keep their state.</summary>
    public void Reload(KeepalivedConfig config, string source)
    {
        // On the caller's thread, not the loop: script security reads /etc/passwd and every script's path.
        var (applied, policy) = Scripts.ScriptSecurity.Apply(config, _log);
        _inputs.Add(now =>
        {
            Reconfigure(applied, policy, now);
            (_config, _policy) = (applied, policy);
            _runtime.Reload(applied, OwnAddress, now, source, LinkUp);
            OpenSockets(applied, atStart: false);
            // vrrp_scripts and track files are read again, as keepalived does on reload. The old runner may be in
            // the middle of a script and the new ones read files: both happen off the loop, and what the old ones
            // still report is ignored (their generation is over). The new runner's first verdict is reported even
            // when unchanged: the instances still hold what the old one last said.
            var (previous, previousFiles) = (_scripts, _trackFiles);
            var generation = ++_scriptGeneration;
            _ = Task.Run(() =>
            {
                previous?.Dispose();
                previousFiles?.Dispose();
                var (files, scripts) = StartScripts(applied, policy, generation, reportFirst: true);
                _inputs.Add(_ => (_trackFiles, _scripts) = (files, scripts));
            });
            _log($"{_runtime.Name}: reloaded {source}");
        });
    }

    private (Tracking.TrackFileWatcher, Scripts.VrrpScriptRunner) StartScripts(KeepalivedConfig config, Scripts.ScriptPolicy policy, int generation,
        bool reportFirst) =>
        (new Tracking.TrackFileWatcher(config, (name, value) => _inputs.Add(now =>
        {
            if (generation == _scriptGeneration)
            {
                FileChanged(now, name, value);
            }
        }), _log),
        new Scripts.VrrpScriptRunner(config, policy, (name, up) => _inputs.Add(now =>
        {
            if (generation == _scriptGeneration)
            {
                ScriptChanged(now, name, up);
            }
        }), _log, reportFirst));

    /// <summary>Runs a question on the HA loop (between inputs) and hands back its answer.</summary>
    public Task<string> OnLoop(Func<NodeRuntime, string> question)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inputs.Add(_ => answer.TrySetResult(question(_runtime)));
        return answer.Task;
    }

    /// <summary>A vrrp_script went up or down: every instance tracking it hears (the decider ignores the others).</summary>
    private void ScriptChanged(Instant now, string script, bool up)
    {
        foreach (var instance in _config.Instances.Where(i => i.TrackScripts.Any(t => t.Name == script)))
        {
            _runtime.Handle(instance.Name, new TrackerChanged(now, TrackerKind.Script, script, up ? 1 : 0));
        }
    }

    /// <summary>A track_file's number changed: the instances tracking it hear.</summary>
    private void FileChanged(Instant now, string file, int value)
    {
        foreach (var instance in _config.Instances.Where(i => i.TrackFiles.Any(t => t.Name == file)))
        {
            _runtime.Handle(instance.Name, new TrackerChanged(now, TrackerKind.File, file, value));
        }
    }

    /// <summary>The kernel's news, as inputs for the instances it concerns (on that interface, or holding that VIP).</summary>
    private void Changed(Instant now, KernelChange change)
    {
        foreach (var instance in _config.Instances)
        {
            var state = _runtime.Instances.GetValueOrDefault(instance.Name);
            switch (change)
            {
                case LinkStateChanged link when instance.Interface == link.Interface:
                    _runtime.Handle(instance.Name, new InterfaceLinkChanged(now, link.Up));
                    break;
                case LinkStateChanged link when instance.TrackInterfaces.Any(t => t.Name == link.Interface):
                    // track_interface: weight 0 puts the instance in FAULT while down, a weight moves its priority.
                    _runtime.Handle(instance.Name, new TrackerChanged(now, TrackerKind.Interface, link.Interface, link.Up ? 1 : 0));
                    break;
                case AddressStateChanged address when instance.Interface == address.Interface || state?.Settings.VirtualIps.Contains(address.Address) == true:
                    _runtime.Handle(instance.Name, new AddressChanged(now, address.Address, address.Present));
                    break;
            }
        }
    }

    public void Send(string node, string interfaceName, IPAddress source, IPAddress destination, byte[] packet)
    {
        try
        {
            if (!_sockets.TryGetValue((interfaceName, destination.AddressFamily), out var wire))
            {
                _log($"no VRRP socket on {interfaceName} for {destination}: advert not sent");
                return;
            }

            wire.Send(destination, packet);
        }
        catch (SocketException e)
        {
            _log($"sending to {destination} on {interfaceName} failed: {e.Message}");
        }
    }

    /// <summary>unicast_src_ip, else the interface's first IPv4 address, or for an IPv6 instance its link-local
    /// address (keepalived's default sources; VRRPv3 over IPv6 sends from the link-local address, RFC 5798 5.1.2.1).</summary>
    private static IPAddress OwnAddress(VrrpInstance instance)
    {
        if (instance.UnicastSrcIp is { } configured)
        {
            return IPAddress.Parse(configured);
        }

        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == instance.Interface)
            ?? throw new InvalidOperationException($"vrrp_instance {instance.Name}: interface {instance.Interface} does not exist");
        var addresses = nic.GetIPProperties().UnicastAddresses.Select(a => a.Address).ToList();
        return instance.IsIpv6
            ? addresses.FirstOrDefault(a => a.IsIPv6LinkLocal) is { } linkLocal
                ? new IPAddress(linkLocal.GetAddressBytes())
                : throw new InvalidOperationException($"vrrp_instance {instance.Name}: interface {instance.Interface} has no IPv6 link-local address")
            : addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? throw new InvalidOperationException($"vrrp_instance {instance.Name}: interface {instance.Interface} has no IPv4 address");
    }

    /// <summary>Every interface's addresses (without scope), as the kernel has them now.</summary>
    private static Dictionary<string, HashSet<IPAddress>> AddressesByDevice() =>
        NetworkInterface.GetAllNetworkInterfaces().ToDictionary(
            n => n.Name,
            n => n.GetIPProperties().UnicastAddresses.Select(a => new IPAddress(a.Address.GetAddressBytes())).ToHashSet(),
            StringComparer.Ordinal);

    /// <summary>Which of the instance's VIPs are already on the device they go on (at start: left by an earlier run).</summary>
    private static IReadOnlyList<IPAddress> VipsPresent(VrrpInstance instance, Dictionary<string, HashSet<IPAddress>> onDevice) =>
        instance.VirtualIpAddresses
            .Where(v => onDevice.TryGetValue(v.Device ?? instance.Interface ?? "", out var present) && present.Contains(IPAddress.Parse(v.Address)))
            .Select(v => IPAddress.Parse(v.Address))
            .ToList();

    private static bool LinkUp(string interfaceName)
    {
        var path = $"/sys/class/net/{interfaceName}/operstate";
        return !File.Exists(path) || File.ReadAllText(path).Trim() is "up" or "unknown";
    }

    public void Dispose()
    {
        _scripts?.Dispose();
        _trackFiles?.Dispose();
        _monitor.Dispose();
        foreach (var socket in _sockets.Values)
        {
            socket.Dispose();
        }

        _effects.Dispose();
        DisposeLvs();
        _inputs.Dispose();
    }
}
