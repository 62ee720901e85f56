using EsHa.Domain.Config.Model;
using FluentValidation;
using static EsHa.Domain.Config.Diagnostics.DiagnosticCodes;
using Severity = FluentValidation.Severity;

namespace EsHa.Domain.Config.Validation;

/// <summary>One instance on its own, with keepalived 2.2.7's ranges and the conflicts it resolves.</summary>
internal sealed class VrrpInstanceValidator : AbstractValidator<VrrpInstance>
{
    private static readonly TimeSpan PreemptDelayMax = TimeSpan.FromSeconds(1000);

    public VrrpInstanceValidator(int globalVersion)
    {
        RuleFor(v => v.Interface).NotNull()
            .WithMessage(v => $"({v.Name}) has no 'interface': keepalived falls back to default_interface")
            .At(v => v.At, MissingRequired, Severity.Warning);
        RuleFor(v => v.VirtualRouterId).NotNull()
            .WithMessage(v => $"({v.Name}) the virtual router id must be set").At(v => v.At, MissingRequired);
        RuleFor(v => v.VirtualRouterId).InclusiveBetween(1, 255).When(v => v.VirtualRouterId is not null)
            .WithMessage(v => $"({v.Name}) VRID {v.VirtualRouterId} not valid - must be between 1 & 255")
            .At(v => v.SourceOf("virtual_router_id"), OutOfRange);
        RuleFor(v => v.Priority).InclusiveBetween(1, 255)
            .WithMessage(v => $"({v.Name}) priority {v.Priority} not valid - must be between 1 & 255; keepalived uses 100")
            .At(v => v.SourceOf("priority"), OutOfRange);
        RuleFor(v => v.Version).Must(version => version is null or 2 or 3)
            .WithMessage(v => $"({v.Name}) version {v.Version} not valid - must be 2 or 3")
            .At(v => v.SourceOf("version"), OutOfRange);
        RuleFor(v => v.AdvertInterval).InclusiveBetween(VrrpInstance.AdvertIntervalMin, VrrpInstance.AdvertIntervalMax)
            .WithMessage(v => $"({v.Name}) advert_int {v.AdvertInterval.TotalSeconds} s not valid: 0.01-255 s; keepalived ignores it and uses 1 s")
            .At(v => v.SourceOf("advert_int"), OutOfRange);
        RuleFor(v => v.AdvertInterval).Must(i => i.Ticks % TimeSpan.TicksPerSecond == 0)
            .When(v => (v.Version ?? globalVersion) == 2 && VrrpInstance.IsAdvertIntervalReadable(v.AdvertInterval))
            .WithMessage(v => $"({v.Name}) VRRPv2 advert_int {v.AdvertInterval.TotalSeconds} s must be whole seconds: keepalived " +
                $"rounds it to {v.EffectiveAdvertInterval(globalVersion).TotalSeconds} s")
            .At(v => v.SourceOf("advert_int"), ConflictResolved, Severity.Warning);
        RuleFor(v => v.AdvertInterval).LessThanOrEqualTo(VrrpInstance.AdvertIntervalV3Max)
            .When(v => (v.Version ?? globalVersion) == 3 && VrrpInstance.IsAdvertIntervalReadable(v.AdvertInterval))
            .WithMessage(v => $"({v.Name}) VRRPv3 advert_int {v.AdvertInterval.TotalSeconds} s is over 40.95 s: keepalived uses 40.95 s")
            .At(v => v.SourceOf("advert_int"), ConflictResolved, Severity.Warning);
        RuleFor(v => v.PreemptDelay).InclusiveBetween(TimeSpan.Zero, PreemptDelayMax).When(v => v.PreemptDelay is not null)
            .WithMessage(v => $"({v.Name}) preempt_delay not valid - must be between 0-1000 s")
            .At(v => v.SourceOf("preempt_delay"), OutOfRange);
        RuleFor(v => v.VirtualIpAddresses).NotEmpty()
            .WithMessage(v => $"({v.Name}) no VIP specified; at least one is sensible")
            .At(v => v.At, MissingRequired, Severity.Warning);
        RuleFor(v => v.DownTimerAdverts).InclusiveBetween(1, 100)
            .WithMessage(v => $"({v.Name}) down_timer_adverts {v.DownTimerAdverts} not valid - must be between 1 & 100")
            .At(v => v.SourceOf("down_timer_adverts"), OutOfRange);
        AddConflictRules(globalVersion);
    }

    private void AddConflictRules(int globalVersion)
    {
        RuleFor(v => v.NoPreempt).Equal(false).When(v => v.State == InitialState.Master)
            .WithMessage(v => $"({v.Name}) nopreempt will not work with initial state MASTER - keepalived clears it")
            .At(v => v.SourceOf("nopreempt"), ConflictResolved, Severity.Warning);
        RuleFor(v => v.PreemptDelay).Null().When(v => v.State == InitialState.Master)
            .WithMessage(v => $"({v.Name}) preempt_delay will not work with initial state MASTER - keepalived clears it")
            .At(v => v.SourceOf("preempt_delay"), ConflictResolved, Severity.Warning);
        RuleFor(v => v.Authentication).Null().When(v => (v.Version ?? globalVersion) == 3)
            .WithMessage(v => $"({v.Name}) VRRP version 3 does not support authentication - keepalived ignores it")
            .At(v => v.SourceOf("authentication"), ConflictResolved, Severity.Warning);
        RuleFor(v => v.Authentication!.Password).NotNull()
            .When(v => v.Authentication is { Type: not AuthenticationType.None })
            .WithMessage(v => $"({v.Name}) authentication specified but no password given: keepalived runs WITHOUT authentication")
            .At(v => v.SourceOf("authentication"), AuthenticationIgnored, Severity.Warning);
        RuleFor(v => v.Authentication!.Password!.Length).LessThanOrEqualTo(Authentication.PasswordLengthMax)
            .When(v => v.Authentication?.Password is not null)
            .WithMessage(v => $"({v.Name}) auth_pass is longer than 8 characters: keepalived uses only " +
                $"'{v.Authentication!.EffectivePassword}'")
            .At(v => v.Authentication!.PasswordAt ?? v.SourceOf("authentication"), ConflictResolved, Severity.Warning);
        RuleFor(v => v.UnicastPeers).NotEmpty().When(v => v.UnicastSrcIp is not null)
            .WithMessage(v => $"({v.Name}) unicast_src_ip without unicast_peer: adverts go to multicast")
            .At(v => v.SourceOf("unicast_src_ip"), MissingRequired, Severity.Warning);
    }
}
