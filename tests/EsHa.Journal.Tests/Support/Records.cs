using System.Net;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;

namespace EsHa.Journal.Tests.Support;

/// <summary>Records to append: an advert heard every second, as a backup journals its master's.</summary>
internal static class Records
{
    private static readonly VrrpAdvert Advert = new(2, 51, 100, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.168.126.100")]);

    public static JournalRecord Advert_(string node, long sequence) =>
        new(node, sequence, "VI_1", new AdvertReceived(new Instant(sequence * 1_000_000), IPAddress.Parse("10.1.1.1"), IPAddress.Parse("10.1.1.2"), 255, Advert))
        {
            Wall = DateTimeOffset.UnixEpoch.AddSeconds(sequence),
            CorrelationId = sequence,
        };

    /// <summary>A fresh directory under /tmp, removed with its journal.</summary>
    public static DirectoryInfo TempDirectory() => Directory.CreateTempSubdirectory("esha-journal-");

    /// <summary>Runs the esha command built beside the tests.</summary>
    public static (int Code, string Out, string Err) Esha(params string[] args) =>
        Config.Tests.Support.Tools.RunSeparately("dotnet", [Path.Combine(AppContext.BaseDirectory, "esha.dll"), .. args]);
}
