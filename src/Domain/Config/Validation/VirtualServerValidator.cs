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
        RuleFor(vs => vs.Hysteresis).GreaterThanOrEqualTo(0).LessThan(vs => Math.Max(vs.Quorum, 1))
            .WithMessage(vs => $"virtual server {vs.Describe()}: hysteresis must be 0 to quorum-1")
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
        RuleForEach(vs => vs.RealServers).ChildRules(rs =>
        {
            rs.RuleFor(r => r.Weight).InclusiveBetween(0, 65535)
                .WithMessage(r => $"real server {r}: weight {r.Weight} must be 0-65535")
                .At(r => r.SourceOf("weight"), OutOfRange);
            rs.RuleForEach(r => r.Checkers).ChildRules(k =>
            {
                k.RuleFor(c => c.Retry).GreaterThanOrEqualTo(0).When(c => c.Retry is not null)
                    .WithMessage("checker retry must be 0 or more").At(c => c.SourceOf("retry"), OutOfRange);
                k.RuleFor(c => c.MiscPath).NotNull().When(c => c.Type == CheckerType.MiscCheck)
                    .WithMessage("MISC_CHECK without misc_path - keepalived ignores this checker").At(c => c.At, MissingRequired);
            });
        });
        RuleForEach(vs => vs.RealServers).Must(rs => rs.Port is null).When(IsFwmark)
            .WithMessage((vs, rs) => $"fwmark virtual server {vs.Describe()}, real server {rs} has port specified - keepalived clears it")
            .WithState((_, rs) => (object)rs.At).WithErrorCode(Ignored).WithSeverity(Severity.Warning);
    }

    private static bool IsFwmark(VirtualServer vs) => vs.Key.Kind == VirtualServerKind.Fwmark;
}
