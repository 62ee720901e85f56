using System.Globalization;
using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Native;

/// <summary>Per-thread niceness (Linux applies setpriority to a thread id): the HA loop is favoured over the journal,
/// logs and metrics when they compete for the CPU, as keepalived's vrrp_priority favours its VRRP process.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int priority);

    /// <summary>Sets the calling thread's nice value; false when the kernel refuses (not root) or the thread id cannot
    /// be read.</summary>
    public static bool SetThreadNice(int nice)
    {
        // The thread id from /proc/thread-self ("PID/task/TID"): no gettid(), which glibc only exports from 2.30.
        var link = new FileInfo("/proc/thread-self").LinkTarget;
        return link is not null && int.TryParse(link[(link.LastIndexOf('/') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
            && setpriority(0 /* PRIO_PROCESS: a thread id on Linux */, tid, nice) == 0;
    }
}
