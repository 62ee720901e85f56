using EsHa.Domain.Config.Diff;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Node.Runtime.Recording;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Runtime.Lvs;

public sealed partial class LvsRuntime
{
    /// <summary>
    /// A reload: virtual servers the new configuration drops stop; new ones start; changed ones (anything in their
    /// block, as `esha config diff` sees it) restart their checkers with the new settings; unchanged ones go on
    /// untouched. The kernel is reconciled once at the end, so a restarted virtual server's destinations are only
    /// edited (a weight), never taken out and put back.
    /// </summary>
    public void Reload(KeepalivedConfig config, Instant now)
    {
        var diff = ConfigDiff.Compare(_config, config);
        var changed = diff
            .Where(c => c.Subject.StartsWith("virtual_server ", StringComparison.Ordinal))
            .Select(c => c.Subject["virtual_server ".Length..].Split(" real_server ")[0])
            .ToHashSet(StringComparer.Ordinal);
        var groupsChanged = diff.Any(c => c.Subject.StartsWith("virtual_server_group ", StringComparison.Ordinal));
        var next = config.VirtualServers.ToDictionary(vs => vs.Describe(), StringComparer.Ordinal);
        InOneReconcile(now, readKernel: false, () =>
        {
            Draft? last = null;
            foreach (var name in _virtualServers.Keys.ToList())
            {
                if (!next.ContainsKey(name) || changed.Contains(name) || groupsChanged)
                {
                    last = Step(name, new CheckersStopRequested(now, name), name);
                    Forget(name);
                }
            }

            _config = config;
            foreach (var (name, vs) in next)
            {
                if (_virtualServers.ContainsKey(name))
                {
                    _services[name] = (vs, LvsDesiredTable.Keys(vs, config).ToList());
                    continue;
                }

                Add(vs, config);
                last = Step(name, new CheckersStartRequested(now, name), name);
            }

            return last;
        });
    }

    private void Forget(string name)
    {
        foreach (var rs in _virtualServers[name].Settings.RealServers)
        {
            _realServers.Remove(rs.Stream);
            _configOf.Remove(rs.Stream);
        }

        _virtualServers.Remove(name);
        _services.Remove(name);
    }

    private void Add(VirtualServer vs, KeepalivedConfig config)
    {
        var settings = LvsSettingsResolver.Resolve(vs);
        _virtualServers[settings.Name] = VirtualServerState.Idle(settings);
        _services[settings.Name] = (vs, LvsDesiredTable.Keys(vs, config).ToList());
        foreach (var (rs, rsSettings) in vs.RealServers.Zip(settings.RealServers))
        {
            _realServers[rsSettings.Stream] = RealServerState.Idle(rsSettings);
            _configOf[rsSettings.Stream] = (vs, rs, LvsSettingsResolver.CheckersOf(rs));
        }
    }
}
