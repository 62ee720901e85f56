using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Native;

/// <summary>Per-thread niceness (Linux applies setpriority to a thread id): the HA loop is favoured over the journal,
/// logs and metrics when they compete for the CPU, as keepalived's vrrp_priority favours its VRRP process.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int priority);

    [LibraryImport("libc")]
    private static partial int gettid();

    /// <summary>Sets the calling thread's nice value; false when the kernel refuses (not root).</summary>
    public static bool SetThreadNice(int nice) => setpriority(0 /* PRIO_PROCESS: a thread id on Linux */, gettid(), nice) == 0;
}
