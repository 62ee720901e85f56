using System.Net;
using EsHa.Domain.Config.Diff;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Facts;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;
using EsHa.Node.Runtime.Recording;
using EsHa.Projections.Journal;

namespace EsHa.Node.Runtime;

public sealed partial class NodeRuntime
{
    private KeepalivedConfig? _config;

    /// <summary>Takes a configuration at start: journals <see cref="ConfigLoaded"/> and sets up the instances (they
    /// start with a <see cref="StartRequested"/> each, from the caller, who knows the links).</summary>
    public void Configure(KeepalivedConfig config, IPAddress ownAddress, Instant at, string source) =>
        Configure(config, _ => ownAddress, at, source);

    /// <param name="ownAddressOf">the address an instance sends from (unicast_src_ip, else its interface's primary)</param>
    public void Configure(KeepalivedConfig config, Func<VrrpInstance, IPAddress> ownAddressOf, Instant at, string source)
    {
        Fact start = journal.LastFactAtOpen is { } last and not JournalCreated
            ? new NodeRestarted(at, last is NodeStopped)
            : new NodeStarted(at);
        var started = new Draft("", start, wallClock(at));
        started.Root = started;
        _recorder.Record([started], null);
        _recorder.Record([Loaded(at, source, config, [])], null);
        _config = config;
        foreach (var instance in config.Instances)
        {
            _instances[instance.Name] = VrrpDecider.Initial(InstanceSettings.From(instance, config, ownAddressOf(instance)));
            _interfaces[instance.Name] = instance.Interface ?? "";
        }

        SetGroups(config);
    }

    /// <summary>
    /// A reload (SIGHUP) as keepalived does it: instances that are gone stop, new ones start, an instance whose
    /// identity changed (VRID, version, interface, unicast or multicast, sync group) restarts, and a changed one keeps
    /// its role and takes the new settings. The journal gets <see cref="ConfigLoaded"/> with the semantic diff.
    /// </summary>
    public void Reload(KeepalivedConfig config, IPAddress ownAddress, Instant at, string source, Func<string, bool> interfaceUp) =>
        Reload(config, _ => ownAddress, at, source, interfaceUp);

    public void Reload(KeepalivedConfig config, Func<VrrpInstance, IPAddress> ownAddressOf, Instant at, string source, Func<string, bool> interfaceUp)
    {
        var changes = _config is null ? [] : ConfigDiff.Compare(_config, config).Select(c => c.ToString()).ToList();
        _recorder.Record([Loaded(at, source, config, changes)], null);
        _config = config;
        var wanted = config.Instances.ToDictionary(i => i.Name, i => (Settings: InstanceSettings.From(i, config, ownAddressOf(i)), Interface: i.Interface ?? ""),
            StringComparer.Ordinal);
        foreach (var gone in _instances.Keys.Where(n => !wanted.ContainsKey(n)).Order(StringComparer.Ordinal).ToList())
        {
            Handle(gone, new StopRequested(at));
            _instances.Remove(gone);
            _interfaces.Remove(gone);
        }

        SetGroups(config);
        foreach (var (instanceName, (settings, interfaceName)) in wanted.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            if (!_instances.TryGetValue(instanceName, out var state))
            {
                Start(instanceName, settings, interfaceName, at, interfaceUp);
            }
            else if (!SameIdentity(state.Settings, settings) || _interfaces[instanceName] != interfaceName)
            {
                Handle(instanceName, new StopRequested(at));
                Start(instanceName, settings, interfaceName, at, interfaceUp);
            }
            else if (Describe(state.Settings) != Describe(settings))
            {
                Handle(instanceName, new SettingsReloaded(at, settings));
            }
        }
    }

    /// <summary>A clean stop (SIGTERM): every instance stops (a master resigns with priority 0 and leaves its VIPs),
    /// groups notify STOP, <see cref="NodeStopped"/> is journaled and the held-back traffic written.</summary>
    public void Stop(Instant at)
    {
        foreach (var instance in _instances.Keys.Order(StringComparer.Ordinal).ToList())
        {
            Handle(instance, new StopRequested(at));
        }

        var stopped = new Draft("", new NodeStopped(at), wallClock(at));
        stopped.Root = stopped;
        _recorder.Record([stopped], null);
        _recorder.Flush();
    }

    private void Start(string instance, InstanceSettings settings, string interfaceName, Instant at, Func<string, bool> interfaceUp)
    {
        _instances[instance] = VrrpDecider.Initial(settings);
        _interfaces[instance] = interfaceName;
        Handle(instance, new StartRequested(at, interfaceUp(interfaceName)));
    }

    private void SetGroups(KeepalivedConfig config)
    {
        _groups.Clear();
        foreach (var group in config.SyncGroups)
        {
            _groups[group.Name] = SyncGroupSettings.From(group, config);
            _groupRoles.TryAdd(group.Name, VrrpRole.Init);
        }
    }

    private static bool SameIdentity(InstanceSettings a, InstanceSettings b) =>
        a.VirtualRouterId == b.VirtualRouterId && a.Version == b.Version && a.Unicast == b.Unicast
        && a.MulticastGroup.Equals(b.MulticastGroup) && a.SyncGroup == b.SyncGroup;

    /// <summary>Settings compared by content (they hold lists), in their journal form.</summary>
    private static string Describe(InstanceSettings settings) => FactJson.Serialize(new InstanceStarted(Instant.Zero, settings));

    private Draft Loaded(Instant at, string source, KeepalivedConfig config, IReadOnlyList<string> changes)
    {
        var draft = new Draft("", new ConfigLoaded(at, source, Config.ConfigDigest.Of(config), changes), wallClock(at));
        draft.Root = draft;
        return draft;
    }
}
