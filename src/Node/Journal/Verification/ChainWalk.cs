using System.Text;
using System.Text.Json;
using EsHa.Domain.Facts;

namespace EsHa.Node.Journal.Verification;

/// <summary>
/// Walks a node's records in order, wherever they are kept (the embedded journal, its archives, the central store),
/// and checks what holds them together: each hash follows from the one before and the record's canonical body,
/// sequences follow each other except where a <see cref="JournalGap"/> says why, and every body is a record of
/// this node with the sequence it is stored under.
/// </summary>
internal sealed class ChainWalk(string node, byte[] previous, long expected)
{
    private JournalGap? _openGap;

    public List<JournalProblem> Problems { get; } = [];

    public List<JournalGap> Gaps { get; } = [];

    public long Count { get; private set; }

    public long Last { get; private set; } = expected - 1;

    /// <summary>The hash the next record must follow from.</summary>
    public byte[] Previous { get; private set; } = previous;

    /// <summary>The sequence the next record should have.</summary>
    public long Expected { get; private set; } = expected;

    /// <summary>One record; <paramref name="where"/> prefixes messages ("archive X: ", "store: "). Returns the parsed
    /// record, or null when the body is not one.</summary>
    public JournalRecord? Step(long sequence, string body, byte[] hash, string where = "")
    {
        Count++;
        var jumped = sequence != Expected && _openGap?.LastSequence != sequence - 1;
        if (jumped)
        {
            Problems.Add(sequence > Expected
                ? new JournalProblem(Expected, $"{where}records {Expected}..{sequence - 1} are missing and no JournalGap explains them")
                : new JournalProblem(sequence, $"{where}record {sequence} is out of order (expected {Expected})"));
        }

        if (!JournalChain.Next(Previous, Encoding.UTF8.GetBytes(body)).AsSpan().SequenceEqual(hash))
        {
            Problems.Add(new JournalProblem(sequence, jumped
                ? $"{where}record {sequence}: its hash does not follow from record {Expected - 1} (the records between are gone)"
                : $"{where}record {sequence}: its hash does not match its content and the chain before it (this record, or the one before it, was edited)"));
        }

        _openGap = null;
        JournalRecord? record = null;
        try
        {
            record = JournalLine.Parse(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            Problems.Add(new JournalProblem(sequence, $"{where}record {sequence}: its body is not a journal record ({e.Message})"));
        }

        if (record is not null && record.Sequence != sequence)
        {
            Problems.Add(new JournalProblem(sequence, $"{where}record {sequence}: its body says sequence {record.Sequence}"));
        }
        else if (record is not null && record.Node != node)
        {
            Problems.Add(new JournalProblem(sequence, $"{where}record {sequence}: it is node '{record.Node}''s, not '{node}''s"));
        }
        else if (record?.Fact is JournalGap gap)
        {
            Gaps.Add(gap);
            _openGap = gap;
        }

        Previous = hash;
        Expected = (_openGap?.LastSequence ?? sequence) + 1;
        Last = sequence;
        return record;
    }
}
