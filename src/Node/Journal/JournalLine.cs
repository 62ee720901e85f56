using System.Text;
using System.Text.Json;
using EsHa.Domain.Facts;
using EsHa.Projections.Journal;

namespace EsHa.Node.Journal;

/// <summary>A journal record as one JSON line: the envelope, then the fact with its stored name in "type".</summary>
public static class JournalLine
{
    public static string Of(JournalRecord record) => Encoding.UTF8.GetString(Utf8(record));

    /// <summary>The canonical bytes of a record: its JSON line in UTF-8 (what the hash chain covers).</summary>
    public static byte[] Utf8(JournalRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("node", record.Node);
            writer.WriteNumber("sequence", record.Sequence);
            writer.WriteString("stream", record.Stream);
            writer.WriteNumber("at", record.Fact.At.Microseconds);
            writer.WriteString("wall", record.Wall);
            if (record.CausationId is { } cause)
            {
                writer.WriteNumber("causation", cause);
            }

            writer.WriteNumber("correlation", record.CorrelationId);
            if (record.Repeats != 1)
            {
                writer.WriteNumber("repeats", record.Repeats);
            }

            writer.WritePropertyName("fact");
            writer.WriteRawValue(FactJson.Serialize(record.Fact));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A record from its JSON line; a line that is not one throws <see cref="JsonException"/> with the reason.</summary>
    public static JournalRecord Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var fact = FactJson.Deserialize(root.GetProperty("fact").GetRawText()) ?? throw new JsonException("no fact");
        return new JournalRecord(root.GetProperty("node").GetString() ?? "", root.GetProperty("sequence").GetInt64(),
            root.GetProperty("stream").GetString() ?? "", fact)
        {
            Wall = root.GetProperty("wall").GetDateTimeOffset(),
            CausationId = root.TryGetProperty("causation", out var cause) ? cause.GetInt64() : null,
            CorrelationId = root.GetProperty("correlation").GetInt64(),
            Repeats = root.TryGetProperty("repeats", out var repeats) ? repeats.GetInt32() : 1,
        };
    }

    /// <summary>The stored name of a fact ("vrrp.became-master.v1").</summary>
    public static string TypeOf(Fact fact) => StoredNames.TryGetValue(fact.GetType(), out var name) ? name : fact.GetType().Name;

    private static readonly Dictionary<Type, string> StoredNames = FactJson.Catalogue().ToDictionary(c => c.Type, c => c.Name);
}
