using EsHa.Domain.Facts;
using EsHa.Node.Journal.Central;
using Marten;

namespace EsHa.Node.Journal.Verification;

/// <summary>
/// Verifies the central store: for each node's stream, the same chain as on the node (hashes over the shipped
/// canonical bodies, sequences explained by JournalGap records), plus the stream's own continuity (a deleted event
/// row leaves a hole in the versions) and the shipped columns against the body they came with.
/// </summary>
public static class StoreVerifier
{
    private const long Page = 10_000;

    public static async Task<IReadOnlyList<JournalVerification>> VerifyAsync(IDocumentStore store, string? node, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var nodes = node is not null
            ? [node]
            : (await query.Events.QueryAllRawEvents().Where(e => e.Version == 1).Select(e => e.StreamKey!).ToListAsync(cancellation).ConfigureAwait(false))
                .Where(k => k.StartsWith("node-", StringComparison.Ordinal)).Select(k => k["node-".Length..]).Order(StringComparer.Ordinal).ToList();
        var results = new List<JournalVerification>();
        foreach (var name in nodes)
        {
            results.Add(await VerifyNodeAsync(query, name, cancellation).ConfigureAwait(false));
        }

        return results;
    }

    private static async Task<JournalVerification> VerifyNodeAsync(IQuerySession query, string node, CancellationToken cancellation)
    {
        var stream = CentralStore.StreamOf(node);
        var walk = new ChainWalk(node, JournalChain.Genesis, 1);
        var state = await query.Events.FetchStreamStateAsync(stream, cancellation).ConfigureAwait(false);
        if (state is null)
        {
            walk.Problems.Add(new JournalProblem(0, $"the store has no stream {stream}"));
            return new JournalVerification(node, 0, 0, [], walk.Problems);
        }

        long expectedVersion = 1;
        for (long from = 1; from <= state.Version; from += Page)
        {
            var events = await query.Events.FetchStreamAsync(stream, version: from + Page - 1, fromVersion: from, token: cancellation).ConfigureAwait(false);
            foreach (var e in events)
            {
                if (e.Version != expectedVersion)
                {
                    walk.Problems.Add(new JournalProblem(walk.Expected,
                        $"store: stream {stream} lacks events {expectedVersion}..{e.Version - 1} (deleted rows; the records after them follow)"));
                }

                expectedVersion = e.Version + 1;
                if (e.Data is not ShippedRecord shipped)
                {
                    walk.Problems.Add(new JournalProblem(walk.Expected, $"store: event {e.Version} of {stream} is not a shipped record"));
                    continue;
                }

                var record = walk.Step(shipped.Sequence, shipped.Body, Convert.FromHexString(shipped.Hash), "store: ");
                if (record is not null && (record.Stream != shipped.Stream || JournalLine.TypeOf(record.Fact) != shipped.Type
                    || record.Fact.At.Microseconds != shipped.At || record.Wall != shipped.Wall || shipped.Node != node))
                {
                    walk.Problems.Add(new JournalProblem(shipped.Sequence, $"store: record {shipped.Sequence}: its columns disagree with its body (edited)"));
                }
            }
        }

        if (expectedVersion - 1 != state.Version)
        {
            walk.Problems.Add(new JournalProblem(walk.Expected, $"store: stream {stream} says version {state.Version} but holds events up to {expectedVersion - 1}"));
        }

        return new JournalVerification(node, walk.Count, walk.Last, walk.Gaps, walk.Problems);
    }
}
