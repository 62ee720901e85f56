using EsHa.Domain.Config.Model;
using FluentValidation;
using static EsHa.Domain.Config.Diagnostics.DiagnosticCodes;
using Severity = FluentValidation.Severity;

namespace EsHa.Domain.Config.Validation;

/// <summary>An instance with the global settings it depends on and what keepalived resolves it to.</summary>
internal sealed record InstanceInContext(VrrpInstance Instance, GlobalDefs Global)
{
    public ResolvedVrrpSettings Resolved { get; } = Instance.Resolve(Global);

    public string Name => Instance.Name;
}

/// <summary>One instance: keepalived 2.2.7's ranges as errors (it ignores such values), and each conflict it
/// resolves by itself (vrrp_complete_instance) as a warning at the line that causes it.</summary>
internal sealed class VrrpInstanceValidator : AbstractValidator<InstanceInContext>
{
    public VrrpInstanceValidator()
    {
        RuleFor(x => x.Instance.Interface).NotNull().When(x => x.Instance.UnicastPeers.Count == 0)
            .WithMessage(x => $"({x.Name}) has no 'interface': keepalived stops with 'Unknown interface!' and loads no VRRP configuration")
            .At(x => x.Instance.At, MissingRequired);
        RuleFor(x => x.Instance.VirtualRouterId).NotNull()
            .WithMessage(x => $"({x.Name}) the virtual router id must be set").At(x => x.Instance.At, MissingRequired);
        RuleFor(x => x.Instance.VirtualRouterId).InclusiveBetween(1, 255).When(x => x.Instance.VirtualRouterId is not null)
            .WithMessage(x => $"({x.Name}) VRID {x.Instance.VirtualRouterId} not valid - must be between 1 & 255")
            .At(x => x.Instance.SourceOf("virtual_router_id"), OutOfRange);
        RuleFor(x => x.Instance.Priority).InclusiveBetween(1, 255).When(x => x.Instance.Priority is not null)
            .WithMessage(x => $"({x.Name}) priority {x.Instance.Priority} not valid - must be between 1 & 255; keepalived uses 100")
            .At(x => x.Instance.SourceOf("priority"), OutOfRange);
        RuleFor(x => x.Instance.Version).Must(version => version is null or 2 or 3)
            .WithMessage(x => $"({x.Name}) version {x.Instance.Version} not valid - must be 2 or 3")
            .At(x => x.Instance.SourceOf("version"), OutOfRange);
        RuleFor(x => x.Instance.VirtualIpAddresses).NotEmpty().When(x => x.Resolved.Version == 3 || x.Resolved.Strict)
            .WithMessage(x => $"({x.Name}) no VIP specified; at least one is required (VRRPv3 or strict mode)")
            .At(x => x.Instance.At, MissingRequired);
        RuleFor(x => x.Instance.VirtualIpAddresses).NotEmpty().When(x => x.Resolved.Version == 2 && !x.Resolved.Strict)
            .WithMessage(x => $"({x.Name}) no VIP specified; at least one is sensible")
            .At(x => x.Instance.At, MissingRequired, Severity.Warning);
        RuleFor(x => x.Instance.PreemptDelay).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromSeconds(1000))
            .When(x => x.Instance.PreemptDelay is not null)
            .WithMessage(x => $"({x.Name}) preempt_delay not valid - must be between 0-1000 s")
            .At(x => x.Instance.SourceOf("preempt_delay"), OutOfRange);
        RuleFor(x => x.Instance.DownTimerAdverts).InclusiveBetween(1, 100)
            .WithMessage(x => $"({x.Name}) down_timer_adverts {x.Instance.DownTimerAdverts} not valid - must be between 1 & 100")
            .At(x => x.Instance.SourceOf("down_timer_adverts"), OutOfRange);
        RuleFor(x => x.Instance.UnicastPeers).NotEmpty().When(x => x.Instance.UnicastSrcIp is not null)
            .WithMessage(x => $"({x.Name}) unicast_src_ip without unicast_peer: adverts go to multicast")
            .At(x => x.Instance.SourceOf("unicast_src_ip"), MissingRequired, Severity.Warning);
        RuleFor(x => x.Instance.GarpMasterRepeat).GreaterThan(0).When(x => x.Instance.GarpMasterRepeat is not null)
            .WithMessage(x => $"({x.Name}) garp_master_repeat must be greater than 0 - keepalived uses 1")
            .At(x => x.Instance.SourceOf("garp_master_repeat"), x => x.Instance.GarpMasterRepeat < 0);
        RuleFor(x => x.Instance.GarpMasterRefreshRepeat).GreaterThan(0).When(x => x.Instance.GarpMasterRefreshRepeat is not null)
            .WithMessage(x => $"({x.Name}) garp_master_refresh_repeat must be greater than 0 - keepalived uses 1")
            .At(x => x.Instance.SourceOf("garp_master_refresh_repeat"), x => x.Instance.GarpMasterRefreshRepeat < 0);
        AddIntervalRules();
        AddPreemptionRules();
        AddAuthenticationRules();
    }

    private void AddIntervalRules()
    {
        RuleFor(x => x.Instance.AdvertInterval).Must(VrrpInstance.IsAdvertIntervalReadable)
            .WithMessage(x => $"({x.Name}) advert_int {x.Instance.AdvertInterval.TotalSeconds} s not valid: 0.01-255 s; keepalived ignores it and uses 1 s")
            .At(x => x.Instance.SourceOf("advert_int"), OutOfRange);
        RuleFor(x => x.Instance.AdvertInterval).Equal(x => x.Resolved.AdvertInterval)
            .When(x => VrrpInstance.IsAdvertIntervalReadable(x.Instance.AdvertInterval))
            .WithMessage(x => $"({x.Name}) VRRPv{x.Resolved.Version} cannot carry advert_int {x.Instance.AdvertInterval.TotalSeconds} s: " +
                $"keepalived uses {x.Resolved.AdvertInterval.TotalSeconds} s")
            .At(x => x.Instance.SourceOf("advert_int"), ConflictResolved, Severity.Warning);
        RuleFor(x => x.Instance.DownTimerAdverts).Equal(ResolvedVrrpSettings.DownTimerAdvertsDefault)
            .When(x => x.Resolved.Strict && x.Instance.DownTimerAdverts is >= 1 and <= 100)
            .WithMessage(x => $"({x.Name}) down_timer_adverts is incompatible with strict mode - keepalived resets it to 3")
            .At(x => x.Instance.SourceOf("down_timer_adverts"), ConflictResolved, Severity.Warning);
    }

    private void AddPreemptionRules()
    {
        RuleFor(x => x.Instance.State).Equal(x => x.Resolved.State)
            .When(x => x.Instance.State is not null && x.Resolved.Strict)
            .WithMessage(x => $"({x.Name}) state MASTER must match being address owner (priority 255) in strict mode - keepalived uses {x.Resolved.State}")
            .At(x => x.Instance.SourceOf("state"), ConflictResolved, Severity.Warning);
        RuleFor(x => x.Instance.NoPreempt).Equal(false).When(x => x.Resolved.Priority == ResolvedVrrpSettings.PriorityOwner)
            .WithMessage(x => $"({x.Name}) nopreempt is incompatible with priority 255 - keepalived clears it")
            .At(x => x.Instance.SourceOf("nopreempt"), ConflictResolved, Severity.Warning);
        RuleFor(x => x.Instance.NoPreempt).Equal(false)
            .When(x => x.Resolved.State == InitialState.Master && x.Resolved.Priority != ResolvedVrrpSettings.PriorityOwner)
            .WithMessage(x => $"({x.Name}) nopreempt will not work with initial state MASTER - keepalived clears it")
            .At(x => x.Instance.SourceOf("nopreempt"), ConflictResolved, Severity.Warning);
        RuleFor(x => x.Instance.PreemptDelay).Null()
            .When(x => x.Instance.PreemptDelay is { } d && d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(1000))
            .When(x => x.Resolved.State == InitialState.Master || x.Resolved.Strict || x.Instance.NoPreempt)
            .WithMessage(x => $"({x.Name}) preempt_delay will not work with " +
                (x.Resolved.State == InitialState.Master ? "initial state MASTER" : x.Resolved.Strict ? "strict mode" : "nopreempt") +
                " - keepalived clears it")
            .At(x => x.Instance.SourceOf("preempt_delay"), ConflictResolved, Severity.Warning);
        RuleFor(x => x.Instance.Accept).NotEqual(true)
            .When(x => x.Resolved.Strict && x.Resolved.Version == 2 && x.Resolved.Priority != ResolvedVrrpSettings.PriorityOwner)
            .WithMessage(x => $"({x.Name}) accept mode for VRRP version 2 does not comply with RFC 3768 - keepalived resets it")
            .At(x => x.Instance.SourceOf("accept"), ConflictResolved, Severity.Warning);
    }

    private void AddAuthenticationRules()
    {
        RuleFor(x => x.Resolved.Authentication).Equal(x => x.Instance.Authentication!.Type)
            .When(x => x.Instance.Authentication is { Type: not AuthenticationType.None })
            .WithMessage(x => $"({x.Name}) authentication is ignored: " + WhyNoAuthentication(x) + ", so keepalived runs WITHOUT it")
            .At(x => x.Instance.SourceOf("authentication"), AuthenticationIgnored, Severity.Warning);
        RuleFor(x => x.Resolved.State).Equal(InitialState.Master)
            .When(x => x.Instance.State == InitialState.Master && x.Resolved.Authentication == AuthenticationType.Ah)
            .WithMessage(x => $"({x.Name}) initial state MASTER is incompatible with AH authentication - keepalived starts as BACKUP")
            .At(x => x.Instance.SourceOf("state"), ConflictResolved, Severity.Warning);
        RuleFor(x => x.Instance.Authentication!.Password!.Length).LessThanOrEqualTo(Authentication.PasswordLengthMax)
            .When(x => x.Instance.Authentication?.Password is not null)
            .WithMessage(x => $"({x.Name}) auth_pass is longer than 8 characters: keepalived uses only '{x.Instance.Authentication!.EffectivePassword}'")
            .At(x => x.Instance.Authentication!.PasswordAt ?? x.Instance.SourceOf("authentication"), ConflictResolved, Severity.Warning);
    }

    private static string WhyNoAuthentication(InstanceInContext x) => x switch
    {
        { Resolved.Strict: true } => "strict mode does not support authentication",
        { Resolved.Version: 3 } => "VRRP version 3 does not support authentication",
        { Instance.Authentication.Password: null } => "authentication specified but no password given",
        _ => "AH authentication cannot be used with IPv6",
    };
}
