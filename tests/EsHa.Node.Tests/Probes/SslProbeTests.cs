using Xunit;
using static EsHa.Node.Tests.Probes.ProbeBench;

namespace EsHa.Node.Tests.Probes;

/// <summary>SSL_GET against nginx-light's TLS server (a self-signed certificate, which keepalived does not verify).</summary>
public sealed class SslProbeTests(WebSite site) : IClassFixture<WebSite>
{
    private static string Ssl(string url, string checker = "") => HttpProbeTests.Config(url, checker, port: 443, type: "SSL_GET");

    [Fact]
    public void a_served_file_over_tls_is_success_and_logged_as_keepalived_s_request()
    {
        var (outcome, _) = site.Bench.Probe(Ssl("path /index.html?tls"));

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Contains($"{Server} \"GET /index.html?tls HTTP/1.0\" \"{Server}:443\" \"KeepAliveClient\" 200", site.Logged("/index.html?tls"));
    }

    [Fact]
    public void the_digest_over_tls_is_the_md5_of_the_file_and_a_wrong_one_names_both()
    {
        var actual = site.Md5Sum("index.html");

        Assert.True(site.Bench.Probe(Ssl($"path /index.html\ndigest {actual}")).Outcome.Succeeded);
        var (outcome, _) = site.Bench.Probe(Ssl("path /index.html\ndigest ffffffffffffffffffffffffffffffff"));
        Assert.Equal($"MD5 digest {actual} for /index.html from {Server}:443, expected ffffffffffffffffffffffffffffffff", outcome.Reason);
    }

    [Fact]
    public void the_virtualhost_picks_the_tls_server_block_and_without_it_the_vhost_page_is_404()
    {
        Assert.True(site.Bench.Probe(Ssl("path /vhost.html", checker: $"virtualhost {WebSite.Vhost}")).Outcome.Succeeded);

        var (outcome, _) = site.Bench.Probe(Ssl("path /vhost.html"));
        Assert.Equal($"HTTP 404 for /vhost.html from {Server}:443", outcome.Reason);
    }

    [Fact]
    public void ssl_get_to_a_plain_http_port_is_an_ssl_handshake_error()
    {
        var (outcome, _) = site.Bench.Probe(HttpProbeTests.Config("path /index.html", port: 80, type: "SSL_GET"));

        Assert.False(outcome.Succeeded);
        Assert.StartsWith($"SSL handshake error for /index.html from {Server}:80: ", outcome.Reason);
    }

    [Fact]
    public void http_get_to_the_tls_port_gets_nginx_s_400()
    {
        var (outcome, _) = site.Bench.Probe(HttpProbeTests.Config("path /index.html", port: 443));

        Assert.Equal($"HTTP 400 for /index.html from {Server}:443", outcome.Reason);
    }
}
