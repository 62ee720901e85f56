using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Config.Json;

/// <summary>The model's JSON form (what `esha check-config --json` prints and a ConfigLoaded event will carry).
/// Source locations are written "file:line". Source-generated, so it needs no reflection.</summary>
public static class ConfigJson
{
    public static string Serialize(KeepalivedConfig config) =>
        JsonSerializer.Serialize(config, ConfigJsonContext.Default.KeepalivedConfig);

    public static KeepalivedConfig? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ConfigJsonContext.Default.KeepalivedConfig);

    public static string SerializeDiagnostics(IReadOnlyList<Diagnostic> diagnostics) =>
        JsonSerializer.Serialize(diagnostics, ConfigJsonContext.Default.IReadOnlyListDiagnostic);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SourceLocationConverter)])]
[JsonSerializable(typeof(KeepalivedConfig))]
[JsonSerializable(typeof(IReadOnlyList<Diagnostic>))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;

/// <summary>"file:line"; the line is after the last ':' so paths with ':' still read back.</summary>
internal sealed class SourceLocationConverter : JsonConverter<SourceLocation>
{
    public override SourceLocation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("a source location is \"file:line\"");
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line))
        {
            throw new JsonException($"'{text}' is not \"file:line\"");
        }

        return new SourceLocation(text[..colon], line);
    }

    public override void Write(Utf8JsonWriter writer, SourceLocation value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
