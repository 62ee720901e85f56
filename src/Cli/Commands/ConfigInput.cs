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

    /// <param name="root">when set, <paramref name="file"/> and every absolute path are taken inside this folder</param>
    public static ConfigLoadResult Load(string file, string? configId, string? root)
    {
        var options = new ReaderOptions(ConfigId: configId ?? DefaultConfigId());
        if (root is null)
        {
            return ConfigLoader.Load(new PhysicalConfigFileSystem(), file, Path.GetFullPath(file), options);
        }

        var inside = file.StartsWith('/') ? file : "/" + file;
        return ConfigLoader.Load(new PhysicalConfigFileSystem(Path.GetFullPath(root)), inside, inside, options);
    }
}
