using System.Security.Cryptography;

namespace EsHa.Node.Journal;

/// <summary>The journal's hash chain: each record's hash is SHA-256(previous record's hash ‖ the record's canonical
/// bytes, its JSON line in UTF-8). The first record follows 32 zero bytes. Editing, removing or reordering a record
/// breaks every hash after it.</summary>
public static class JournalChain
{
    public static byte[] Genesis { get; } = new byte[32];

    public static byte[] Next(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonical)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous);
        sha.AppendData(canonical);
        return sha.GetHashAndReset();
    }
}
