using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsHa.Domain.Config.Lint;

/// <summary>What `esha lint --json` prints: every mark rule read (with its origin) and every finding.</summary>
public sealed record LintReport(IReadOnlyList<MarkRule> Rules, IReadOnlyList<LintFinding> Findings);

/// <summary>The JSON form of a lint run. Source-generated, so it needs no reflection.</summary>
public static class LintJson
{
    public static string Serialize(LintReport report) => JsonSerializer.Serialize(report, LintJsonContext.Default.LintReport);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(RuleOriginConverter)])]
[JsonSerializable(typeof(LintReport))]
internal sealed partial class LintJsonContext : JsonSerializerContext;

/// <summary>An origin as people read it: "rules.txt:2" or "nft ruleset, table ip mangle chain prerouting, handle 5".</summary>
internal sealed class RuleOriginConverter : JsonConverter<RuleOrigin>
{
    public override RuleOrigin Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("a lint report is written, never read back");

    public override void Write(Utf8JsonWriter writer, RuleOrigin value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
