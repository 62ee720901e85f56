using EsHa.Node.Linux.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace EsHa.Cli.Commands;

/// <summary>The Prometheus endpoint of `esha run --metrics`: a class of its own, so that OpenTelemetry is loaded only
/// when metrics are asked for.</summary>
internal static class MetricsEndpoint
{
    public static IDisposable Serve(string node, string listen) => Sdk.CreateMeterProviderBuilder()
        .ConfigureResource(r => r.AddService("esha", serviceInstanceId: node))
        .AddMeter(NodeMetrics.MeterName)
        .AddPrometheusHttpListener(o =>
        {
            var colon = listen.LastIndexOf(':');
            (o.Host, o.Port) = (listen[..colon].Trim('[', ']'), int.Parse(listen[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        })
        .Build();
}
