using EsHa.Domain.Config.Model;
using FluentValidation;
using static EsHa.Domain.Config.Diagnostics.DiagnosticCodes;
using Severity = FluentValidation.Severity;

namespace EsHa.Domain.Config.Validation;

/// <summary>A virtual server and its real servers; fwmark services clear ports and protocol as keepalived does.</summary>
internal sealed class VirtualServerValidator : AbstractValidator<VirtualServer>
{
    public VirtualServerValidator()
    {
        RuleFor(vs => vs.Quorum).GreaterThanOrEqualTo(1)
            .WithMessage(vs => $"virtual server {vs.Describe()}: quorum must be at least 1")
            .At(vs => vs.SourceOf("quorum"), OutOfRange);
        RuleFor(vs => vs.Hysteresis).GreaterThanOrEqualTo(0)
            .WithMessage(vs => $"virtual server {vs.Describe()}: hysteresis must be 0 or more")
            .At(vs => vs.SourceOf("hysteresis"), OutOfRange);
        RuleFor(vs => vs.RealServers).NotEmpty()
            .WithMessage(vs => $"virtual server {vs.Describe()} has no real servers - keepalived ignores it")
            .At(vs => vs.At, MissingRequired, Severity.Warning);
        RuleFor(vs => vs.Protocol).NotNull().When(vs => !IsFwmark(vs))
            .WithMessage(vs => $"virtual server {vs.Describe()}: no protocol set - keepalived 2.2.7 defaults to UDP")
            .At(vs => vs.At, MissingRequired, Severity.Warning);
        RuleFor(vs => vs.PersistenceTimeout).NotNull()
            .When(vs => vs.Key is { Kind: VirtualServerKind.Address, Port: null or 0 })
            .WithMessage(vs => $"virtual server {vs.Describe()}: zero port only valid for persistent services - keepalived sets persistence")
            .At(vs => vs.At, ConflictResolved, Severity.Warning);
        RuleFor(vs => vs.Protocol).Must(p => p is null or "TCP" or "UDP" or "SCTP")
            .WithMessage(vs => $"virtual server {vs.Describe()}: unknown protocol '{vs.Protocol}'")
            .At(vs => vs.SourceOf("protocol"), BadValue);
        RuleFor(vs => vs.Sources).Must(s => !s.ContainsKey("protocol")).When(IsFwmark)
            .WithMessage(vs => $"virtual server {vs.Describe()}: protocol specified for fwmark - keepalived ignores it")
            .At(vs => vs.SourceOf("protocol"), Ignored, Severity.Warning);
        RuleFor(vs => vs.SorryServer!.Port).Null().When(vs => IsFwmark(vs) && vs.SorryServer is not null)
            .WithMessage(vs => $"virtual server {vs.Describe()}: sorry server has port specified - keepalived clears it")
            .At(vs => vs.SorryServer!.At, Ignored, Severity.Warning);
        RuleFor(vs => vs.Scheduler).Must(s => s is null || Schedulers.Contains(s))
            .WithMessage(vs => $"virtual server {vs.Describe()}: unknown scheduler '{vs.Scheduler}'")
            .At(vs => vs.SourceOf("lb_algo"), BadValue);
        RuleFor(vs => vs.PersistenceTimeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2678400))
            .When(vs => vs.PersistenceTimeout is not null)
            .WithMessage(vs => $"virtual server {vs.Describe()}: persistence_timeout must be 1-2678400 s")
            .At(vs => vs.SourceOf("persistence_timeout"), OutOfRange);
        RuleFor(vs => vs.Retry).GreaterThanOrEqualTo(1).When(vs => vs.Retry is not null)
            .WithMessage(vs => $"virtual server {vs.Describe()}: retry must be at least 1").At(vs => vs.SourceOf("retry"), OutOfRange);
        RuleFor(vs => vs.Quorum).LessThanOrEqualTo(vs => vs.RealServers.Sum(vs.WeightOf))
            .When(vs => vs.RealServers.Count > 0 && vs.Quorum >= 1)
            .WithMessage(vs => $"virtual server {vs.Describe()}: quorum {vs.Quorum} is more than the real servers' total weight " +
                $"{vs.RealServers.Sum(vs.WeightOf)} - keepalived lowers it to that")
            .At(vs => vs.SourceOf("quorum"), ConflictResolved, Severity.Warning);
        RuleForEach(vs => vs.RealServers).ChildRules(rs =>
        {
            rs.RuleFor(r => r.Weight).GreaterThanOrEqualTo(0).When(r => r.Weight is not null)
                .WithMessage(r => $"real server {r}: weight {r.Weight} must be 0 or more")
                .At(r => r.SourceOf("weight"), OutOfRange);
            rs.RuleFor(r => r.Retry).GreaterThanOrEqualTo(1).When(r => r.Retry is not null)
                .WithMessage(r => $"real server {r}: retry must be at least 1").At(r => r.SourceOf("retry"), OutOfRange);
            rs.RuleForEach(r => r.Checkers).ChildRules(k =>
            {
                k.RuleFor(c => c.Retry).GreaterThanOrEqualTo(0).When(c => c.Retry is not null)
                    .WithMessage("checker retry must be 0 or more").At(c => c.SourceOf("retry"), OutOfRange);
                k.RuleFor(c => c.MiscPath).NotNull().When(c => c.Type == CheckerType.MiscCheck)
                    .WithMessage("MISC_CHECK without misc_path - keepalived ignores this checker").At(c => c.At, MissingRequired);
                k.RuleFor(c => c.ConnectPort).InclusiveBetween(1, 65535).When(c => c.ConnectPort is not null)
                    .WithMessage("connect_port must be 1-65535").At(c => c.SourceOf("connect_port"), OutOfRange);
                k.RuleFor(c => c.BindPort).InclusiveBetween(1, 65535).When(c => c.BindPort is not null)
                    .WithMessage("bind_port must be 1-65535").At(c => c.SourceOf("bind_port"), OutOfRange);
                k.RuleForEach(c => c.Urls).ChildRules(u =>
                {
                    u.RuleFor(x => x.Path).NotNull()
                        .WithMessage("url without path - keepalived ignores it").At(x => x.At, MissingRequired);
                    u.RuleFor(x => x.Digest).Matches("^[0-9a-fA-F]{32}$").When(x => x.Digest is not null)
                        .WithMessage(x => $"digest '{x.Digest}' is not 32 hex digits (an MD5 sum)").At(x => x.SourceOf("digest"), BadValue);
                    u.RuleForEach(x => x.StatusCodes).Must(r => r.From is >= 100 and <= 599 && r.To is >= 100 and <= 599 && r.From <= r.To)
                        .WithMessage((x, r) => $"status_code {r.From}-{r.To} must be within 100-599, low to high")
                        .WithState((x, _) => (object)x.SourceOf("status_code")).WithErrorCode(OutOfRange);
                });
            });
        });
        RuleForEach(vs => vs.RealServers).Must(rs => rs.Port is null).When(IsFwmark)
            .WithMessage((vs, rs) => $"fwmark virtual server {vs.Describe()}, real server {rs} has port specified - keepalived clears it")
            .WithState((_, rs) => (object)rs.At).WithErrorCode(Ignored).WithSeverity(Severity.Warning);
    }

    private static bool IsFwmark(VirtualServer vs) => vs.Key.Kind == VirtualServerKind.Fwmark;

    /// <summary>The IPVS schedulers keepalived 2.2.7 accepts.</summary>
    private static readonly HashSet<string> Schedulers = new(StringComparer.Ordinal)
    {
        "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos",
    };
}
