using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Forensics;

namespace EsHa.Projections.Journal;

/// <summary>Facts as journals store them: JSON with the stored name in "type" (the [JsonDerivedType] names on each
/// family: <see cref="VrrpInput"/>, <see cref="VrrpEvent"/>, <see cref="SyncGroupEvent"/>, <see cref="NodeEvent"/>),
/// instants in microseconds and addresses as text. Source-generated, so no reflection.</summary>
public static class FactJson
{
    private static readonly Type[] Families = [typeof(VrrpInput), typeof(VrrpEvent), typeof(SyncGroupEvent), typeof(NodeEvent), typeof(LvsInput),
        typeof(LvsEvent), typeof(LvsKernelEvent)];

    public static string Serialize(Fact fact) => JsonSerializer.Serialize(fact, InfoOf(fact));

    /// <summary>Writes a fact into a JSON writer (a journal line's "fact"), without an intermediate string.</summary>
    public static void Write(Utf8JsonWriter writer, Fact fact) => JsonSerializer.Serialize(writer, fact, InfoOf(fact));

    /// <summary>Reads a fact at the reader's position (its start object); the stored name, written first, picks the
    /// family.</summary>
    public static Fact? Read(ref Utf8JsonReader reader)
    {
        var peek = reader;
        if (peek.TokenType != JsonTokenType.StartObject || !peek.Read() || peek.TokenType != JsonTokenType.PropertyName
            || !peek.ValueTextEquals("type"u8) || !peek.Read())
        {
            throw new JsonException("a fact must start with its stored name in \"type\"");
        }

        return (Fact?)JsonSerializer.Deserialize(ref reader, InfoOf(peek.GetString() ?? ""));
    }

    /// <summary>A fact from its JSON; the family comes from the stored name's prefix.</summary>
    public static Fact? Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        return (Fact?)JsonSerializer.Deserialize(json, InfoOf(type));
    }

    /// <summary>The family a stored name belongs to, by its prefix ("vrrp.input.", "lvs.kernel.", ...: the longer
    /// prefix of a family first).</summary>
    private static JsonTypeInfo InfoOf(string type) => type switch
    {
        _ when type.StartsWith("vrrp.input.", StringComparison.Ordinal) => FactJsonContext.Default.VrrpInput,
        _ when type.StartsWith("vrrp.", StringComparison.Ordinal) => FactJsonContext.Default.VrrpEvent,
        _ when type.StartsWith("sync-group.", StringComparison.Ordinal) => FactJsonContext.Default.SyncGroupEvent,
        _ when type.StartsWith("node.", StringComparison.Ordinal) => FactJsonContext.Default.NodeEvent,
        _ when type.StartsWith("lvs.input.", StringComparison.Ordinal) => FactJsonContext.Default.LvsInput,
        _ when type.StartsWith("lvs.kernel.", StringComparison.Ordinal) => FactJsonContext.Default.LvsKernelEvent,
        _ when type.StartsWith("lvs.", StringComparison.Ordinal) => FactJsonContext.Default.LvsEvent,
        _ => throw new JsonException($"'{type}' is not a stored fact name"),
    };

    /// <summary>A fact's family, by its type (the polymorphic base its stored name is registered on).</summary>
    private static JsonTypeInfo InfoOf(Fact fact) => fact switch
    {
        VrrpEvent => FactJsonContext.Default.VrrpEvent,
        VrrpInput => FactJsonContext.Default.VrrpInput,
        SyncGroupEvent => FactJsonContext.Default.SyncGroupEvent,
        NodeEvent => FactJsonContext.Default.NodeEvent,
        LvsInput => FactJsonContext.Default.LvsInput,
        LvsEvent => FactJsonContext.Default.LvsEvent,
        LvsKernelEvent => FactJsonContext.Default.LvsKernelEvent,
        _ => throw new ArgumentOutOfRangeException(nameof(fact), fact, "a fact of no known family"),
    };

    /// <summary>A fold's checkpoint as a journal keeps it (the same conventions as the facts: instants in
    /// microseconds, addresses as text).</summary>
    public static string Serialize(NodeStateCheckpoint checkpoint) => JsonSerializer.Serialize(checkpoint, FactJsonContext.Default.NodeStateCheckpoint);

    public static NodeStateCheckpoint? DeserializeCheckpoint(string json) => JsonSerializer.Deserialize(json, FactJsonContext.Default.NodeStateCheckpoint);

    /// <summary>Every stored name with its type, family by family.</summary>
    public static IReadOnlyList<(Type Type, string Name)> Catalogue() => Families
        .SelectMany(f => f.GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false).Cast<JsonDerivedTypeAttribute>())
        .Select(a => (a.DerivedType, (string)a.TypeDiscriminator!)).ToList();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(InstantJsonConverter), typeof(IpAddressJsonConverter)])]
[JsonSerializable(typeof(VrrpEvent))]
[JsonSerializable(typeof(VrrpInput))]
[JsonSerializable(typeof(SyncGroupEvent))]
[JsonSerializable(typeof(NodeEvent))]
[JsonSerializable(typeof(LvsInput))]
[JsonSerializable(typeof(LvsEvent))]
[JsonSerializable(typeof(LvsKernelEvent))]
[JsonSerializable(typeof(NodeStateCheckpoint))]
internal sealed partial class FactJsonContext : JsonSerializerContext;

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
