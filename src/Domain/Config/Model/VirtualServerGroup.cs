namespace EsHa.Domain.Config.Model;

/// <summary>virtual_server_group NAME { entries }.</summary>
public sealed record VirtualServerGroup : ConfigItem
{
    public required string Name { get; init; }

    public IReadOnlyList<VirtualServerGroupEntry> Entries { get; init; } = [];
}

/// <summary>One group line: an address (with /prefix or a last-octet range "A.B.C.D-E") and port, or a fwmark.</summary>
public sealed record VirtualServerGroupEntry(string? Address, int? PrefixLength, string? RangeEnd, int? Port,
    uint? Fwmark, Diagnostics.SourceLocation At);
