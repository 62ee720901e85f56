using EsHa.Domain.Config;
using EsHa.Domain.Config.Reading;
using EsHa.Node.Config;

namespace EsHa.Cli.Commands;

/// <summary>Reading a configuration from disk, as every command that takes -f does.</summary>
internal static class ConfigInput
{
    /// <summary>keepalived's default config id: the host name up to its first '.'.</summary>
    public static string DefaultConfigId()
    {
        var host = Environment.MachineName;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? host : host[..dot];
    }

    public static ConfigLoadResult Load(string file, string? configId, string? root)
    {
        var absolute = Path.GetFullPath(file);
        var options = new ReaderOptions(ConfigId: configId ?? DefaultConfigId());
        var fs = new PhysicalConfigFileSystem(root is null ? null : Path.GetFullPath(root));
        return ConfigLoader.Load(fs, file, root is null ? absolute : file, options);
    }
}
