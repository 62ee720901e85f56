using EsHa.Projections.Lvs;

namespace EsHa.Node.Ports.Lvs;

/// <summary>
/// Where an LVS table lives: the kernel's IPVS (generic netlink), an nftables ruleset where the kernel has no IPVS,
/// or the simulator's memory. The node reads the table the backend really has, diffs it against the desired table
/// and hands the backend the mutations; the backend says, mutation by mutation, what happened, and the node
/// journals it. A backend never throws for a refused mutation: refusals are results.
/// </summary>
public interface ILvsBackend : IDisposable
{
    /// <summary>"ipvs", "nftables", "simulated".</summary>
    string Name { get; }

    /// <summary>The table as the backend has it now (services EsHa does not manage included: they are drift).</summary>
    LvsTable Read();

    /// <summary>Applies the mutations in order and reports each one's outcome, in the same order.</summary>
    IReadOnlyList<LvsMutationResult> Apply(IReadOnlyList<LvsMutation> mutations);
}

/// <summary>What became of one mutation. <paramref name="Error"/> is null when it was applied; otherwise the reason
/// ("EEXIST: File exists", "nft: Could not process rule: No such file or directory"). <paramref name="Tolerated"/>
/// marks keepalived's leniency: adding what already exists or deleting what is gone is logged but counts as done.</summary>
public sealed record LvsMutationResult(LvsMutation Mutation, string? Error, bool Tolerated = false)
{
    public bool Applied => Error is null || Tolerated;
}
