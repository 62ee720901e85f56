using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Native;

/// <summary>lstat(2) for what .NET does not tell: a file's owner and group (script security checks them).</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lstat(string path, byte* buffer);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    /// <summary>The uid this process acts as.</summary>
    public static uint EffectiveUid() => geteuid();

    /// <summary>Mode, owner and group of a path, not following a final symlink; null when it cannot be read.</summary>
    public static (uint Mode, uint Uid, uint Gid)? LinkStatus(string path)
    {
        // struct stat on x86-64 and arm64 glibc is at most 144 bytes; mode, uid and gid sit at 24, 28 and 32 on x86-64.
        var buffer = stackalloc byte[256];
        return lstat(path, buffer) != 0 ? null : (*(uint*)(buffer + 24), *(uint*)(buffer + 28), *(uint*)(buffer + 32));
    }
}
