using EsHa.Config.Tests.Support;
using Xunit;
using static EsHa.Node.Tests.Probes.ProbeBench;

namespace EsHa.Node.Tests.Probes;

/// <summary>SMTP_CHECK against Python 3.11's smtpd (Debian's python3), and against a listener whose greeting is not 220.</summary>
public sealed class SmtpProbeTests
{
    private const string Python = "/usr/bin/python3";

    private static string Config(int port) => $$"""
        virtual_server 10.231.0.100 {{port}} {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server {{Server}} {{port}} {
                SMTP_CHECK {
                    connect_timeout 3
                    helo_name probe.example.test
                }
            }
        }
        """;

    [Fact]
    public void a_real_smtp_server_greets_and_answers_helo()
    {
        Prerequisite.Tool(Python);
        using var bench = new ProbeBench("smtp");
        bench.Serve(2525, "tcp", Python, "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer", $"{Server}:2525");

        var (outcome, _) = bench.Probe(Config(2525));

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public void a_greeting_other_than_220_fails_and_is_quoted()
    {
        using var bench = new ProbeBench("smtp");
        using var listener = bench.Listen(2526, "554 5.3.2 not taking mail\r\n");

        var (outcome, _) = bench.Probe(Config(2526));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"SMTP greeting from {Server}:2526 was '554 5.3.2 not taking mail', expected 220", outcome.Reason);
    }

    [Fact]
    public void no_smtp_server_is_connection_refused()
    {
        using var bench = new ProbeBench("smtp");

        var (outcome, _) = bench.Probe(Config(2527));

        Assert.Equal($"connection refused connecting to {Server}:2527", outcome.Reason);
    }
}
