using System.Text;
using System.Text.Json;
using EsHa.Projections.Journal;

namespace EsHa.Node.Journal;

/// <summary>A journal record as one JSON line: the envelope, then the fact with its stored name in "type".</summary>
public static class JournalLine
{
    public static string Of(JournalRecord record)
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

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
