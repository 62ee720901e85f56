using Xunit;
using static EsHa.Node.Tests.Probes.ProbeBench;

namespace EsHa.Node.Tests.Probes;

/// <summary>HTTP_GET against a real nginx (docs/keepalived-checkers.md §4): keepalived's request and Host header,
/// status_code ranges, the body's MD5 as genhash computes it, connect_ip/connect_port and bindto.</summary>
public sealed class HttpProbeTests(WebSite site) : IClassFixture<WebSite>
{
    /// <summary>One virtual server with one real server and one HTTP_GET; <paramref name="checker"/> and
    /// <paramref name="realServer"/> are extra lines for those blocks.</summary>
    internal static string Config(string url, string checker = "", string realServer = "", string address = Server, int port = 80,
        string type = "HTTP_GET", int timeout = 2) => $$"""
        virtual_server 10.231.0.100 {{port}} {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server {{address}} {{port}} {
                {{realServer}}
                {{type}} {
                    url {
                        {{url}}
                    }
                    connect_timeout {{timeout}}
                    {{checker}}
                }
            }
        }
        """;

    [Fact]
    public void a_served_file_is_success_asked_for_as_keepalived_asks()
    {
        var (outcome, _) = site.Bench.Probe(Config("path /index.html"));

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Contains($"{Server} \"GET /index.html HTTP/1.0\" \"{Server}:80\" \"KeepAliveClient\" 200", site.Logged("/index.html"));
    }

    [Fact]
    public void a_missing_file_is_a_404_named_with_path_and_server()
    {
        var (outcome, _) = site.Bench.Probe(Config("path /missing.html"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"HTTP 404 for /missing.html from {Server}:80", outcome.Reason);
    }

    [Fact]
    public void status_code_404_accepts_the_missing_file_and_refuses_a_200()
    {
        Assert.True(site.Bench.Probe(Config("path /missing.html\nstatus_code 404")).Outcome.Succeeded);

        var (outcome, _) = site.Bench.Probe(Config("path /index.html\nstatus_code 404"));
        Assert.False(outcome.Succeeded);
        Assert.Equal($"HTTP 200 for /index.html from {Server}:80", outcome.Reason);
    }

    [Fact]
    public void a_range_and_a_value_accept_200_and_404_but_not_the_403_of_an_unreadable_file()
    {
        const string codes = "status_code 200-299 404";
        Assert.True(site.Bench.Probe(Config($"path /index.html\n{codes}")).Outcome.Succeeded);
        Assert.True(site.Bench.Probe(Config($"path /missing.html\n{codes}")).Outcome.Succeeded);

        var (outcome, _) = site.Bench.Probe(Config($"path /secret.html\n{codes}"));
        Assert.False(outcome.Succeeded);
        Assert.Equal($"HTTP 403 for /secret.html from {Server}:80", outcome.Reason);
    }

    [Fact]
    public void the_digest_of_the_served_body_matches_what_md5sum_computes_of_the_file()
    {
        var expected = site.Md5Sum("index.html");

        var (outcome, _) = site.Bench.Probe(Config($"path /index.html\ndigest {expected}"));

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public void a_digest_mismatch_names_both_digests()
    {
        var actual = site.Md5Sum("index.html");
        const string wrong = "0123456789ABCDEF0123456789ABCDEF";

        var (outcome, _) = site.Bench.Probe(Config($"path /index.html\ndigest {wrong}"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"MD5 digest {actual} for /index.html from {Server}:80, expected {wrong.ToLowerInvariant()}", outcome.Reason);
    }

    [Fact]
    public void without_a_virtualhost_the_host_is_ip_and_port_and_the_default_server_has_no_vhost_page()
    {
        var (outcome, _) = site.Bench.Probe(Config("path /vhost.html"));

        Assert.Equal($"HTTP 404 for /vhost.html from {Server}:80", outcome.Reason);
        Assert.Contains($"{Server} \"GET /vhost.html HTTP/1.0\" \"{Server}:80\" \"KeepAliveClient\" 404", site.Logged("/vhost.html"));
    }

    [Fact]
    public void the_url_virtualhost_is_the_host_header_without_a_port()
    {
        var (outcome, _) = site.Bench.Probe(Config($"path /vhost.html?url\nvirtualhost {WebSite.Vhost}"));

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Contains($"{Server} \"GET /vhost.html?url HTTP/1.0\" \"{WebSite.Vhost}\" \"KeepAliveClient\" 200", site.Logged("/vhost.html?url"));
    }

    [Fact]
    public void the_checker_virtualhost_serves_every_url_and_the_url_s_own_wins_over_it()
    {
        Assert.True(site.Bench.Probe(Config("path /vhost.html", checker: $"virtualhost {WebSite.Vhost}")).Outcome.Succeeded);
        Assert.True(site.Bench.Probe(Config($"path /vhost.html\nvirtualhost {WebSite.Vhost}", checker: "virtualhost wrong.example.test")).Outcome.Succeeded);

        var (outcome, _) = site.Bench.Probe(Config("path /vhost.html?checker", checker: "virtualhost wrong.example.test"));
        Assert.Equal($"HTTP 404 for /vhost.html?checker from {Server}:80", outcome.Reason);
        Assert.Contains("\"wrong.example.test\"", Assert.Single(site.Logged("/vhost.html?checker")));
    }

    [Fact]
    public void the_real_server_virtualhost_applies_when_the_checker_has_none()
    {
        var (outcome, _) = site.Bench.Probe(Config("path /vhost.html", realServer: $"virtualhost {WebSite.Vhost}"));

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public void connect_ip_and_connect_port_override_the_real_server_address()
    {
        var (outcome, _) = site.Bench.Probe(Config("path /index.html?connect", checker: $"connect_ip {Server}\nconnect_port 80",
            address: "10.231.0.77", port: 9999));

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Contains($"\"{Server}:80\"", Assert.Single(site.Logged("/index.html?connect")));
    }

    [Fact]
    public void a_connect_port_nobody_listens_on_is_connection_refused()
    {
        var (outcome, _) = site.Bench.Probe(Config("path /index.html", checker: "connect_port 81"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"connection refused connecting to {Server}:81", outcome.Reason);
    }

    [Fact]
    public void bindto_sets_the_source_address_nginx_allows()
    {
        const string guarded = "path /guarded/index.html";

        var (bound, _) = site.Bench.Probe(Config(guarded, checker: "bindto 127.0.0.2", address: "127.0.0.1", port: 8080));
        var (unbound, _) = site.Bench.Probe(Config(guarded, address: "127.0.0.1", port: 8080));

        Assert.True(bound.Succeeded, bound.Reason);
        Assert.Equal("HTTP 403 for /guarded/index.html from 127.0.0.1:8080", unbound.Reason);
        Assert.Contains(site.Logged("/guarded/index.html"), l => l.StartsWith("127.0.0.2 ", StringComparison.Ordinal) && l.EndsWith(" 200", StringComparison.Ordinal));
    }

    [Fact]
    public void a_server_that_accepts_but_never_answers_is_a_read_timeout_within_the_step_timeouts()
    {
        using var silent = site.Bench.Listen(8081);

        var (outcome, took) = site.Bench.Probe(Config("path /index.html", timeout: 1, port: 8081));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"read timeout after 1 s for /index.html from {Server}:8081", outcome.Reason);
        Assert.InRange(took, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
    }
}
