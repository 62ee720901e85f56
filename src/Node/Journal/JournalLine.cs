using System.Buffers;
using System.Text;
using System.Text.Json;
using EsHa.Domain.Facts;
using EsHa.Projections.Journal;

namespace EsHa.Node.Journal;

/// <summary>A journal record as one JSON line: the envelope, then the fact with its stored name in "type".</summary>
public static class JournalLine
{
    public static string Of(JournalRecord record) => Encoding.UTF8.GetString(Utf8(record));

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>The canonical bytes of a record: its JSON line in UTF-8 (what the hash chain covers).</summary>
    public static byte[] Utf8(JournalRecord record)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("node"u8, record.Node);
        writer.WriteNumber("sequence"u8, record.Sequence);
        writer.WriteString("stream"u8, record.Stream);
        writer.WriteNumber("at"u8, record.Fact.At.Microseconds);
        writer.WriteString("wall"u8, record.Wall);
        if (record.CausationId is { } cause)
        {
            writer.WriteNumber("causation"u8, cause);
        }

        writer.WriteNumber("correlation"u8, record.CorrelationId);
        if (record.Repeats != 1)
        {
            writer.WriteNumber("repeats"u8, record.Repeats);
        }

        writer.WritePropertyName("fact"u8);
        FactJson.Write(writer, record.Fact);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A record from its JSON line; a line that is not one throws <see cref="JsonException"/> with the reason.</summary>
    public static JournalRecord Parse(string line) => Parse(Encoding.UTF8.GetBytes(line));

    /// <summary>A record from its JSON line in UTF-8, in one pass.</summary>
    public static JournalRecord Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        string? node = null, stream = null;
        long? sequence = null, causation = null, correlation = null;
        DateTimeOffset? wall = null;
        var repeats = 1;
        Fact? fact = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a journal line is a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("fact"u8))
            {
                reader.Read();
                fact = FactJson.Read(ref reader);
                continue;
            }

            var name = reader.ValueSpan;
            reader.Read();
            switch (name)
            {
                case var n when n.SequenceEqual("node"u8):
                    node = reader.GetString();
                    break;
                case var n when n.SequenceEqual("sequence"u8):
                    sequence = reader.GetInt64();
                    break;
                case var n when n.SequenceEqual("stream"u8):
                    stream = reader.GetString();
                    break;
                case var n when n.SequenceEqual("wall"u8):
                    wall = reader.GetDateTimeOffset();
                    break;
                case var n when n.SequenceEqual("causation"u8):
                    causation = reader.GetInt64();
                    break;
                case var n when n.SequenceEqual("correlation"u8):
                    correlation = reader.GetInt64();
                    break;
                case var n when n.SequenceEqual("repeats"u8):
                    repeats = reader.GetInt32();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new JournalRecord(node ?? throw Missing("node"), sequence ?? throw Missing("sequence"), stream ?? throw Missing("stream"),
            fact ?? throw Missing("fact"))
        {
            Wall = wall ?? throw Missing("wall"),
            CausationId = causation,
            CorrelationId = correlation ?? throw Missing("correlation"),
            Repeats = repeats,
        };
    }

    private static JsonException Missing(string field) => new($"a journal line needs \"{field}\"");

    /// <summary>The stored name of a fact ("vrrp.became-master.v1").</summary>
    public static string TypeOf(Fact fact) => StoredNames.TryGetValue(fact.GetType(), out var name) ? name : fact.GetType().Name;

    private static readonly Dictionary<Type, string> StoredNames = FactJson.Catalogue().ToDictionary(c => c.Type, c => c.Name);
}
