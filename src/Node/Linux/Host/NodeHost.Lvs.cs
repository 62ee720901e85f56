using EsHa.Domain.Config.Model;
using EsHa.Domain.Vrrp;
using EsHa.Node.Linux.Lvs;
using EsHa.Node.Linux.Probes;
using EsHa.Node.Ports.Lvs;
using EsHa.Node.Runtime.Lvs;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Host;

/// <summary>The node's load-balancer side: health checks and the LVS table, on the same loop and journal as VRRP.
/// Only a configuration with virtual servers opens a data plane.</summary>
public sealed partial class NodeHost
{
    private LvsRuntime? _lvs;
    private LinuxProbes? _probes;
    private ILvsBackend? _lvsBackend;
    private string _lvsChoice = "auto";

    public LvsRuntime? Lvs => _lvs;

    private void OpenLvs(KeepalivedConfig config, string backend, Scripts.ScriptUser scriptUser)
    {
        if (config.VirtualServers.Count == 0)
        {
            return;
        }

        _lvsBackend = LvsBackends.Open(backend);
        _probes = new LinuxProbes(config, scriptUser);
        _lvs = new LvsRuntime(_runtime, _probes, _lvsBackend, input => _inputs.Add(input))
        {
            Stepped = (_, events) =>
            {
                foreach (var e in events)
                {
                    _log(LvsDescribe.What(e));
                }
            },
            Applied = e => _log(LvsDescribe.What(e)),
            Unreadable = _log,
        };
        _lvs.Configure(config);
        _log($"{_runtime.Name}: LVS on {_lvsBackend.Name}, {config.VirtualServers.Count} virtual server(s)");
    }

    /// <summary>A reload's effects: scripts and addresses, then the virtual servers (dropped ones stop, new ones
    /// start, changed ones restart their checkers; the kernel is reconciled once). A configuration that brings the
    /// first virtual servers opens the data plane.</summary>
    private void Reconfigure(KeepalivedConfig applied, Scripts.ScriptPolicy policy, Instant now)
    {
        _effects.Reconfigure(applied, policy);
        if (_lvs is not null)
        {
            _probes?.Reconfigure(applied, policy.DefaultUser);
            _lvs.Reload(applied, now);
            return;
        }

        try
        {
            OpenLvs(applied, _lvsChoice, policy.DefaultUser);
            _lvs?.Start(now);
        }
        catch (InvalidOperationException e)
        {
            _log($"reload: the virtual servers cannot run: {e.Message}");
        }
    }

    private static Instant? Earliest(Instant? a, Instant? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private void DisposeLvs()
    {
        _probes?.Dispose();
        _lvsBackend?.Dispose();
    }
}
