namespace EsHa.Node.Tests.Support;

/// <summary>nginx as the tests and the benchmarks run it (Debian's nginx-light): workers as www-data, in the
/// foreground (the test owns the process), pid file and error log in a directory of the caller's. Plain C#, no test
/// framework: bench/EsHa.Bench compiles this file too.</summary>
public static class Nginx
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>Makes a directory and every parent readable and walkable by others: nginx's workers run as www-data
    /// (and MISC_CHECK scripts as nobody), while test directories are made by root with mode 0700.</summary>
    public static void Walkable(string dir)
    {
        for (var d = dir; d != "/" && d.Length > 0; d = Path.GetDirectoryName(d)!)
        {
            File.SetUnixFileMode(d, File.GetUnixFileMode(d) | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
        }
    }

    /// <summary>A whole nginx.conf: the head every server here shares, then <paramref name="http"/> as the body of its
    /// http block. <paramref name="dir"/> holds nginx.pid and error.log.</summary>
    public static string Config(string dir, int connections, string http) => $$"""
        user www-data;
        worker_processes 1;
        daemon off;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log;
        events { worker_connections {{connections}}; }
        http {
        {{http}}
        }
        """;
}
