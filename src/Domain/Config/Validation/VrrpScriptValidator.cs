using EsHa.Domain.Config.Model;
using FluentValidation;
using static EsHa.Domain.Config.Diagnostics.DiagnosticCodes;

namespace EsHa.Domain.Config.Validation;

internal sealed class VrrpScriptValidator : AbstractValidator<VrrpScript>
{
    public VrrpScriptValidator()
    {
        RuleFor(s => s.Script).NotNull()
            .WithMessage(s => $"no script set for vrrp_script {s.Name} - keepalived removes it")
            .At(s => s.EndAt ?? s.At, MissingRequired);
        RuleFor(s => s.Weight).InclusiveBetween(-253, 253)
            .WithMessage(s => $"vrrp_script {s.Name} weight {s.Weight} must be in [-253, 253]")
            .At(s => s.SourceOf("weight"), OutOfRange);
        RuleFor(s => s.Rise).GreaterThanOrEqualTo(1)
            .WithMessage(s => $"vrrp_script {s.Name} rise must be at least 1").At(s => s.SourceOf("rise"), OutOfRange);
        RuleFor(s => s.Fall).GreaterThanOrEqualTo(1)
            .WithMessage(s => $"vrrp_script {s.Name} fall must be at least 1").At(s => s.SourceOf("fall"), OutOfRange);
        RuleFor(s => s.Interval).GreaterThan(TimeSpan.Zero)
            .WithMessage(s => $"vrrp_script {s.Name} interval must be above 0").At(s => s.SourceOf("interval"), OutOfRange);
    }
}
