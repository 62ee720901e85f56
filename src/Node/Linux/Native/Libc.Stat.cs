using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Native;

/// <summary>What .NET does not tell about a file: its owner and group (script security checks them), through
/// statx(2) — glibc 2.28 and later, one layout on every architecture — and realpath(3).</summary>
internal static unsafe partial class Libc
{
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    /// <summary>The uid this process acts as.</summary>
    public static uint EffectiveUid() => geteuid();

    /// <summary>Mode, owner and group of a path, not following a final symlink; null when it cannot be read.</summary>
    public static (uint Mode, uint Uid, uint Gid)? LinkStatus(string path)
    {
        // struct statx: stx_uid at 20, stx_gid at 24, stx_mode (16 bits) at 28; 256 bytes in all.
        var buffer = stackalloc byte[256];
        return statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0
            ? null
            : (*(ushort*)(buffer + 28), *(uint*)(buffer + 20), *(uint*)(buffer + 24));
    }

    /// <summary>The path with every symlink and . or .. resolved, as realpath(3); null when it does not resolve.</summary>
    public static string? RealPath(string path)
    {
        var resolved = realpath(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }
}
