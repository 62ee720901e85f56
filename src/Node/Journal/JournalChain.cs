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
        // One-shot hashing of previous ‖ canonical: no hash object per record (the writer hashes every record).
        var length = previous.Length + canonical.Length;
        var rented = length <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        var joined = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        previous.CopyTo(joined);
        canonical.CopyTo(joined[previous.Length..]);
        var hash = SHA256.HashData(joined);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }
}
