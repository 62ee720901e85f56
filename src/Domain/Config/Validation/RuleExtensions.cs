using EsHa.Domain.Config.Diagnostics;
using FluentValidation;

namespace EsHa.Domain.Config.Validation;

/// <summary>Ties a FluentValidation rule to the line it judges and to a stable diagnostic code.</summary>
internal static class RuleExtensions
{
    public static IRuleBuilderOptions<T, TProperty> At<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule,
        Func<T, SourceLocation> location, string code, FluentValidation.Severity severity = FluentValidation.Severity.Error) =>
        rule.WithState(x => (object)location(x)).WithErrorCode(code).WithSeverity(severity);

    /// <summary>A repeat count keepalived raises from 0 to 1 (a warning) and rejects when negative (an error).</summary>
    public static IRuleBuilderOptions<T, TProperty> At<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule,
        Func<T, SourceLocation> location, Func<T, bool> isError) =>
        rule.WithState(x => (object)location(x))
            .WithErrorCode(DiagnosticCodes.OutOfRange)
            .WithSeverity(x => isError(x) ? FluentValidation.Severity.Error : FluentValidation.Severity.Warning);

    public static Diagnostic ToDiagnostic(this FluentValidation.Results.ValidationFailure failure) => new(
        failure.CustomState as SourceLocation?,
        failure.Severity == FluentValidation.Severity.Error ? Diagnostics.Severity.Error : Diagnostics.Severity.Warning,
        failure.ErrorCode,
        failure.ErrorMessage);
}
