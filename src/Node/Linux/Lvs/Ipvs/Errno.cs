using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>An errno in words, as an operator wants it in a journal: "ENOENT: No such file or directory (errno 2)".
/// The symbolic names cover what IPVS and netlink answer; the text comes from the C library.</summary>
public static class Errno
{
    public const int NoEntry = 2, NoSuchProcess = 3, Exists = 17, Invalid = 22, TimedOut = 110;

    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [7] = "E2BIG", [9] = "EBADF",
        [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [16] = "EBUSY", [17] = "EEXIST",
        [19] = "ENODEV", [22] = "EINVAL", [28] = "ENOSPC", [34] = "ERANGE", [71] = "EPROTO", [90] = "EMSGSIZE",
        [93] = "EPROTONOSUPPORT", [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT", [105] = "ENOBUFS", [110] = "ETIMEDOUT",
    };

    public static string Describe(int errno) =>
        $"{Names.GetValueOrDefault(errno, "E?")}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
