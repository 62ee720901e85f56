using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EsHa.Node.Linux.Effects;

/// <summary>
/// keepalived's notify FIFO: created with mkfifo (mode 0644) when missing, its notify_fifo_script started with the
/// FIFO's path as the last argument, then opened read-write and non-blocking (so opening never waits for a reader
/// and a reader that goes away costs no write error), one line per state change (<c>INSTANCE "VI_1" MASTER 100</c>).
/// A full pipe drops the line and says so; it never blocks the HA loop. At the end a FIFO we created is unlinked
/// first (a script that reopens it in a loop cannot) and closed, so the script reads end-of-file.
/// </summary>
public sealed partial class NotifyFifo : IDisposable
{
    private const int ORdwr = 2, ONonblock = 0x800, OCloexec = 0x80000, ONofollow = 0x20000;

    private readonly SafeFileHandle _handle;
    private readonly bool _created;

    public NotifyFifo(string path, string? script = null, Scripts.ScriptUser? scriptUser = null, Action<string>? report = null)
    {
        Path = path;
        if (!File.Exists(path))
        {
            if (mkfifo(path, 0x1a4) != 0)
            {
                throw new IOException($"mkfifo {path}: errno {Marshal.GetLastPInvokeError()}");
            }

            _created = true;
        }

        if (script is not null && Scripts.ScriptProcess.For(script, [path], scriptUser ?? Scripts.ScriptUser.Root, redirect: false) is { } start)
        {
            try
            {
                Process.Start(start)?.Dispose();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                report?.Invoke($"notify_fifo_script {script} for {path} failed to start: {e.Message}");
            }
        }

        var fd = open(path, ORdwr | ONonblock | OCloexec | ONofollow);
        if (fd < 0)
        {
            throw new IOException($"open {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        _handle = new SafeFileHandle(fd, ownsHandle: true);
    }

    public string Path { get; }

    /// <summary>Writes one line; false when the pipe is full (nobody reads) and the line was dropped.</summary>
    public bool Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        return write(_handle, bytes, bytes.Length) == bytes.Length;
    }

    public void Dispose()
    {
        if (_created)
        {
            File.Delete(Path);
        }

        _handle.Dispose();
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(SafeFileHandle fd, byte[] buffer, nint count);
}
