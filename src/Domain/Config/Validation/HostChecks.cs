using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Config.Validation;

/// <summary>Checks against the host the configuration is checked on: every named interface must exist there,
/// as keepalived -t reports. The caller supplies the host's interface names.</summary>
public static class HostChecks
{
    public static IEnumerable<Diagnostic> MissingInterfaces(KeepalivedConfig config, IReadOnlySet<string> interfaces)
    {
        foreach (var i in config.Instances)
        {
            var named = new List<(string Name, SourceLocation At, string Role)>();
            if (i.Interface is { } primary)
            {
                named.Add((primary, i.SourceOf("interface"), $"vrrp_instance {i.Name}"));
            }

            named.AddRange(i.TrackInterfaces.Select(t => (t.Name, t.At, $"({i.Name}) tracked interface")));
            named.AddRange(i.VirtualIpAddresses.Where(v => v.Device is not null)
                .Select(v => (v.Device!, v.At, $"ip address {v.Address}")));
            foreach (var (name, at, role) in named.Where(n => !interfaces.Contains(n.Name)))
            {
                yield return new Diagnostic(at, Severity.Warning, DiagnosticCodes.InterfaceMissing,
                    $"interface {name} for {role} doesn't exist on this host");
            }
        }
    }
}
