using System.Text;
using System.Text.Json;
using EsHa.Projections.Journal;

namespace EsHa.Node.Runtime;

/// <summary>A recorded event as one JSON line: node, sequence, instance, input number and the event with its stored
/// name. The in-memory journal's file form until the durable journal lands.</summary>
public static class JournalLine
{
    public static string Of(RecordedEvent recorded)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("node", recorded.Node);
            writer.WriteNumber("sequence", recorded.Sequence);
            writer.WriteString("instance", recorded.Instance);
            writer.WriteNumber("input", recorded.InputNumber);
            writer.WriteString("wall", recorded.Wall);
            if (recorded.CausedBy is { } cause)
            {
                writer.WriteNumber("causedBy", cause);
            }

            writer.WritePropertyName("event");
            writer.WriteRawValue(VrrpEventJson.Serialize(recorded.Event));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
