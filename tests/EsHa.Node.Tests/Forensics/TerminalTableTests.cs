using EsHa.Cli.Commands;
using Xunit;

namespace EsHa.Node.Tests.Forensics;

/// <summary>Large tables are laid out by hand (Spectre measures every cell, seconds for an hour of a busy farm): the
/// hand layout must be Spectre's, character for character, with and without a title.</summary>
public sealed class TerminalTableTests
{
    [Fact]
    public void the_hand_layout_of_a_large_table_is_spectres_simple_border()
    {
        string[] headers = ["time (UTC)", "node", "about", "seq", "what"];
        IReadOnlyList<string>[] rows =
        [
            ["2026-01-01 00:00:00.000", "ka01", "VI_1", "5", "started VI_1 vrid 51 prio 100 v2"],
            ["2026-01-01 00:00:09.609", "ka02-long-name", "-", "12345", "became MASTER from Backup: master down timer expired"],
            ["2026-01-01 00:01:19.867", "ka01", "192.168.126.100:80/10.9.0.2:80", "7", ""],
        ];
        foreach (var title in new[] { "", "VIP handovers: what happened and what would have" })
        {
            Assert.Equal(TerminalTable.Spectre(title, headers, rows), TerminalTable.Plain(title, headers, rows));
        }
    }
}
