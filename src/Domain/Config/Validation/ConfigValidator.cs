using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using FluentValidation;
using FluentValidation.Results;
using static EsHa.Domain.Config.Diagnostics.DiagnosticCodes;
using Severity = FluentValidation.Severity;

namespace EsHa.Domain.Config.Validation;

/// <summary>The whole configuration: global settings and what only the whole can tell (references between
/// blocks, VRIDs and VIPs used twice); <see cref="Diagnose"/> also runs each block's own validator.</summary>
public sealed class ConfigValidator : AbstractValidator<KeepalivedConfig>
{
    // Validators compile their rules when built, so each is built once and shared (they are immutable). Blocks are
    // validated one by one rather than through RuleForEach, which builds a property path per item and rule.
    private static readonly ConfigValidator Shared = new();
    private static readonly VrrpInstanceValidator Instances = new();
    private static readonly VrrpScriptValidator Scripts = new();
    private static readonly VirtualServerValidator VirtualServers = new();

    public ConfigValidator()
    {
        RuleFor(c => c.Global.VrrpVersion).Must(v => v is 2 or 3)
            .WithMessage(c => $"vrrp_version {c.Global.VrrpVersion} not valid - must be 2 or 3")
            .At(c => c.Global.SourceOf("vrrp_version"), OutOfRange);
        RuleFor(c => c.Global.MaxAutoPriority).InclusiveBetween(-1, 99).When(c => c.Global.MaxAutoPriority is not null)
            .WithMessage(c => $"max_auto_priority {c.Global.MaxAutoPriority} not valid - must be -1 (off) to 99")
            .At(c => c.Global.SourceOf("max_auto_priority"), OutOfRange);
        RuleFor(c => c.Global.VrrpGarpMasterRepeat).GreaterThan(0)
            .WithMessage(c => $"vrrp_garp_master_repeat must be greater than 0 - keepalived uses 1")
            .At(c => c.Global.SourceOf("vrrp_garp_master_repeat"), c => c.Global.VrrpGarpMasterRepeat < 0);
        RuleFor(c => c.Global.VrrpGarpMasterRefreshRepeat).GreaterThan(0)
            .WithMessage(c => $"vrrp_garp_master_refresh_repeat must be greater than 0 - keepalived uses 1")
            .At(c => c.Global.SourceOf("vrrp_garp_master_refresh_repeat"), c => c.Global.VrrpGarpMasterRefreshRepeat < 0);
        RuleFor(c => c).Custom((config, context) =>
        {
            foreach (var failure in References(config).Concat(VridConflicts(config)).Concat(SharedVips(config)))
            {
                context.AddFailure(failure);
            }
        });
    }

    public static IEnumerable<Diagnostic> Diagnose(KeepalivedConfig config)
    {
        var failures = new List<ValidationFailure>();
        foreach (var instance in config.Instances)
        {
            failures.AddRange(Instances.Validate(new InstanceInContext(instance, config.Global)).Errors);
        }

        foreach (var script in config.Scripts)
        {
            failures.AddRange(Scripts.Validate(script).Errors);
        }

        foreach (var virtualServer in config.VirtualServers)
        {
            failures.AddRange(VirtualServers.Validate(virtualServer).Errors);
        }

        failures.AddRange(Shared.Validate(config).Errors);
        return failures.Select(f => f.ToDiagnostic());
    }

    private static ValidationFailure Failure(SourceLocation at, string code, string message, Severity severity = Severity.Error) =>
        new("", message) { CustomState = at, ErrorCode = code, Severity = severity };

    private static IEnumerable<ValidationFailure> References(KeepalivedConfig config)
    {
        // keepalived removes a vrrp_script with no 'script', so tracking it finds nothing.
        var scripts = config.Scripts.Where(s => s.Script is not null).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var files = config.TrackFiles.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var instances = config.Instances.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var groups = config.VirtualServerGroups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (owner, tracked, kind, known) in TrackedNames(config, scripts, files))
        {
            if (!known.Contains(tracked.Name))
            {
                yield return Failure(tracked.At, UnknownReference,
                    $"({owner}) track {kind} {tracked.Name} not found - keepalived ignores it");
            }
        }

        foreach (var group in config.SyncGroups)
        {
            foreach (var member in group.Members.Where(m => !instances.Contains(m.Name)))
            {
                yield return Failure(member.At, UnknownReference,
                    $"vrrp_sync_group {group.Name}: no vrrp_instance named {member.Name}");
            }
        }

        foreach (var vs in config.VirtualServers.Where(v => v.Key.Kind == VirtualServerKind.Group && !groups.Contains(v.Key.Group!)))
        {
            yield return Failure(vs.At, UnknownReference, $"virtual_server group {vs.Key.Group}: no virtual_server_group of that name");
        }
    }

    private static IEnumerable<(string Owner, TrackedObject Tracked, string Kind, HashSet<string> Known)> TrackedNames(
        KeepalivedConfig config, HashSet<string> scripts, HashSet<string> files)
    {
        foreach (var i in config.Instances)
        {
            foreach (var s in i.TrackScripts)
            {
                yield return (i.Name, s, "script", scripts);
            }

            foreach (var f in i.TrackFiles)
            {
                yield return (i.Name, f, "file", files);
            }
        }

        foreach (var g in config.SyncGroups)
        {
            foreach (var s in g.TrackScripts)
            {
                yield return (g.Name, s, "script", scripts);
            }

            foreach (var f in g.TrackFiles)
            {
                yield return (g.Name, f, "file", files);
            }
        }
    }

    /// <summary>keepalived refuses to start when two multicast instances share a VRID and family on one interface.</summary>
    private static IEnumerable<ValidationFailure> VridConflicts(KeepalivedConfig config)
    {
        var seen = new Dictionary<(string, int, bool), VrrpInstance>();
        foreach (var i in config.Instances.Where(i => i.Interface is not null && i.VirtualRouterId is not null && i.UnicastPeers.Count == 0))
        {
            var key = (i.Interface!, i.VirtualRouterId!.Value, i.VirtualIpAddresses.Count > 0 && i.VirtualIpAddresses[0].IsIpv6);
            if (seen.TryGetValue(key, out var first))
            {
                yield return Failure(i.SourceOf("virtual_router_id"), Duplicate,
                    $"{first.Name} and {i.Name} both use VRID {key.Item2} with IPv{(key.Item3 ? 6 : 4)} on interface {key.Item1}: keepalived will not start");
            }
            else
            {
                seen[key] = i;
            }
        }
    }

    /// <summary>keepalived 2.2.7 does not check this; two instances owning one VIP fight over it when both are master.</summary>
    private static IEnumerable<ValidationFailure> SharedVips(KeepalivedConfig config)
    {
        var owners = new Dictionary<string, VrrpInstance>(StringComparer.Ordinal);
        foreach (var i in config.Instances)
        {
            foreach (var vip in i.VirtualIpAddresses)
            {
                if (owners.TryGetValue(vip.Address, out var first) && first != i)
                {
                    yield return Failure(vip.At, Duplicate,
                        $"({i.Name}) VIP {vip.Address} is also in {first.Name} (keepalived does not check this)", Severity.Warning);
                }
                else
                {
                    owners.TryAdd(vip.Address, i);
                }
            }
        }
    }
}
