using Xunit;

namespace EsHa.Node.Tests.Probes;

/// <summary>FILE_CHECK on a real file: the number in it, read as keepalived's track_file reads it (a missing file is 0).</summary>
public sealed class FileProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esha-file-").FullName;

    private string State => Path.Combine(_dir, "state");

    private string Config(int weight) => $$"""
        track_file tf {
            file "{{State}}"
            weight {{weight}}
        }
        virtual_server 10.231.0.100 80 {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server 10.231.0.1 80 {
                FILE_CHECK {
                    track_file tf
                    weight {{weight}}
                }
            }
        }
        """;

    [Fact]
    public void a_file_holding_0_is_success()
    {
        File.WriteAllText(State, "0\n");

        Assert.True(ProbeRun.Run(Config(0)).Outcome.Succeeded);
    }

    [Fact]
    public void a_non_zero_number_with_weight_0_is_failure()
    {
        File.WriteAllText(State, "3\n");

        var (outcome, _) = ProbeRun.Run(Config(0));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"{State} holds 3 (weight 0)", outcome.Reason);
    }

    [Fact]
    public void a_missing_file_reads_as_0_as_keepalived_reads_it()
    {
        Assert.True(ProbeRun.Run(Config(0)).Outcome.Succeeded);
    }

    [Fact]
    public void with_a_weight_a_non_zero_number_changes_the_weight_but_is_not_a_failure()
    {
        File.WriteAllText(State, "-300\n");

        Assert.True(ProbeRun.Run(Config(1)).Outcome.Succeeded);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
