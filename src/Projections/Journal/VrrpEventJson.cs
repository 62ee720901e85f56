using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Journal;

/// <summary>Events as journals store them: JSON with the stored name in "type" (the [JsonDerivedType] names on
/// <see cref="VrrpEvent"/>), instants in microseconds and addresses as text. Source-generated, so no reflection.</summary>
public static class VrrpEventJson
{
    public static string Serialize(VrrpEvent @event) => JsonSerializer.Serialize(@event, VrrpEventJsonContext.Default.VrrpEvent);

    public static VrrpEvent? Deserialize(string json) => JsonSerializer.Deserialize(json, VrrpEventJsonContext.Default.VrrpEvent);

    /// <summary>Every stored name, from the [JsonDerivedType] list on <see cref="VrrpEvent"/>.</summary>
    public static IReadOnlyList<(Type Type, string Name)> Catalogue() =>
        typeof(VrrpEvent).GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false).Cast<JsonDerivedTypeAttribute>()
            .Select(a => (a.DerivedType, (string)a.TypeDiscriminator!)).ToList();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(InstantJsonConverter), typeof(IpAddressJsonConverter)])]
[JsonSerializable(typeof(VrrpEvent))]
internal sealed partial class VrrpEventJsonContext : JsonSerializerContext;

internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Microseconds);
}

internal sealed class IpAddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException($"'{reader.GetString()}' is not an address");

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
