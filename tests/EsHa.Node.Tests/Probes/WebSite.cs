using EsHa.Config.Tests.Support;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Probes;

/// <summary>
/// nginx (Debian's nginx-light, as www-data) in a probe bench, one per test class: plain HTTP on
/// <see cref="ProbeBench.Server"/>:80 and 127.0.0.1:8080, TLS on :443 with a self-signed certificate made by openssl.
/// The default server (server_name _) serves default/: index.html, secret.html that www-data cannot read (403) and
/// guarded/ for 127.0.0.2 only; the server block for www.example.test serves www/vhost.html, which the default server
/// lacks (404). Every request is logged as `remote "request" "host" "user-agent" status`.
/// </summary>
public sealed class WebSite : IDisposable
{
    public const string Vhost = "www.example.test";
    private readonly Lock _gate = new();
    private ProbeBench? _bench;

    /// <summary>The running site; the first caller starts it. Prerequisites are checked here, inside the test, so a
    /// missing one fails it in CI and skips it elsewhere.</summary>
    internal ProbeBench Bench
    {
        get
        {
            NetNamespace.Require();
            Prerequisite.Tool(Nginx.Binary);
            Prerequisite.Tool("/usr/bin/openssl");
            lock (_gate)
            {
                return _bench ??= Start();
            }
        }
    }

    public string Root => Path.Combine(Bench.Dir, "default");

    /// <summary>What nginx logged for requests of <paramref name="path"/>, oldest first.</summary>
    public IReadOnlyList<string> Logged(string path)
    {
        var log = Path.Combine(Bench.Dir, "access.log");
        // nginx writes the line after the response; the probe may have finished reading first.
        Lab.WaitUntil(() => File.ReadAllText(log).Contains($" {path} ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return File.ReadAllLines(log).Where(l => l.Contains($" {path} ", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The MD5 of a served file as md5sum prints it: what `genhash` would report for the body.</summary>
    public string Md5Sum(string relativePath)
    {
        var (code, output) = Tools.Run("/usr/bin/md5sum", Path.Combine(Root, relativePath));
        Assert.Equal(0, code);
        return output.Split(' ')[0];
    }

    private static ProbeBench Start()
    {
        var bench = new ProbeBench("web");
        try
        {
            var dir = bench.Dir;
            bench.Write("default/index.html", "<html><body>the default site, served to keepalived's HTTP_GET</body></html>\n");
            bench.Write("default/secret.html", "not for www-data\n", UnixFileMode.None);
            bench.Write("default/guarded/index.html", "only for 127.0.0.2\n");
            bench.Write("www/vhost.html", $"{Vhost}\n");
            var (code, output) = Tools.Run("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", $"/CN={Vhost}", "-keyout", Path.Combine(dir, "key.pem"), "-out", Path.Combine(dir, "cert.pem"));
            Assert.True(code == 0, $"openssl req: {output}");
            var tls = $"ssl_certificate {dir}/cert.pem; ssl_certificate_key {dir}/key.pem;";
            var config = bench.Write("nginx.conf", Nginx.Config(dir, 64, $$"""
                    log_format probe '$remote_addr "$request" "$http_host" "$http_user_agent" $status';
                    access_log {{dir}}/access.log probe;
                    server {
                        listen {{ProbeBench.Server}}:80 default_server;
                        listen 127.0.0.1:8080 default_server;
                        listen {{ProbeBench.Server}}:443 ssl default_server;
                        {{tls}}
                        server_name _;
                        root {{dir}}/default;
                        location /guarded/ { allow 127.0.0.2; deny all; }
                    }
                    server {
                        listen {{ProbeBench.Server}}:80;
                        listen {{ProbeBench.Server}}:443 ssl;
                        {{tls}}
                        server_name {{Vhost}};
                        root {{dir}}/www;
                    }
                """));
            bench.Serve(443, "tcp", Nginx.Binary, "-c", config);
            return bench;
        }
        catch
        {
            bench.Dispose();
            throw;
        }
    }

    public void Dispose() => _bench?.Dispose();
}
