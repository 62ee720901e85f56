using EsHa.Domain.Facts;

namespace EsHa.Node.Journal;

/// <summary>
/// One record of a node's journal: a fact (an input or an event) with its envelope. <paramref name="Stream"/> is what
/// the fact is about: an instance ("VI_1"), a sync group ("VG_1"), or "" for the node itself.
/// </summary>
/// <param name="Sequence">per node, gapless, from 1; never reused (a restarted node continues the count)</param>
public sealed record JournalRecord(string Node, long Sequence, string Stream, Fact Fact)
{
    /// <summary>The node's wall clock when the input behind this record arrived (the fact's own At is monotonic).</summary>
    public DateTimeOffset Wall { get; init; }

    /// <summary>The record that caused this one: for an event, the input it was decided from; for a timer input, the
    /// event that armed the timer; for a sync-group move, the member's event. Null for inputs from outside.</summary>
    public long? CausationId { get; init; }

    /// <summary>The outside input at the root of the causation chain (a record's own sequence when it is one).</summary>
    public long CorrelationId { get; init; }

    /// <summary>How many identical occurrences this record stands for, itself included: runs of identical inputs
    /// with identical outcomes (the master's advert every second) are journaled as their first occurrence and then
    /// one record closing the run (on any change, and at least every checkpoint interval) with the count.</summary>
    public int Repeats { get; init; } = 1;
}

/// <summary>Where a node's records go. Appending must be cheap and never wait on a disk: the HA loop calls it.</summary>
public interface IJournal
{
    /// <summary>The last sequence written (0 for an empty journal): a restarted node continues from here.</summary>
    long LastSequence { get; }

    void Append(JournalRecord record);
}

/// <summary>A journal in memory: the simulator's (it outlives a simulated crash, as a disk would) and tests'.</summary>
public sealed class MemoryJournal : IJournal
{
    public List<JournalRecord> Records { get; } = [];

    public long LastSequence => Records.Count == 0 ? 0 : Records[^1].Sequence;

    public void Append(JournalRecord record)
    {
        if (record.Sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"{record.Node}: record {record.Sequence} after {LastSequence}; sequences are gapless");
        }

        Records.Add(record);
    }
}
