using System.Text.RegularExpressions;
using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Lvs;

/// <summary>
/// Issue 6, acceptance point 5: EsHa's IPVS backend against a real IPVS. This machine's kernel has none, so
/// ops/qemu/ipvs-guest.sh boots Debian's kernel under QEMU with ipvsadm and the EsHa.IpvsGuest program, which
/// programs the seed's virtual servers, changes, removes and inhibits destinations, drifts the table with ipvsadm,
/// reconciles, and checks every step against ipvsadm. Every expected check must appear and be ok.
/// </summary>
public sealed partial class IpvsGuestTests
{
    private static readonly string[] Steps = ["seed", "weights", "remove-destination", "inhibit", "reconcile", "teardown"];

    private static readonly string[] StepChecks =
        ["applied", "in-order", "read-equals-desired", "nothing-left-to-do", "ipvsadm-list-agrees", "ipvsadm-save-agrees", "ipvsadm-thresholds-agree"];

    private static readonly string[] OtherChecks =
    [
        "ipvs-family-resolves", "table-empty-at-start",
        "tolerated-add-existing-service", "tolerated-add-existing-destination", "tolerated-delete-missing-destination",
        "tolerated-delete-missing-service", "error-destination-of-missing-service", "error-unknown-scheduler",
        "error-scheduler-name-too-long", "refusals-left-the-table-alone",
        "counters-cover-the-table", "counters-match-ipvsadm-stats",
        "drift-made-with-ipvsadm", "drift-read-agrees-with-ipvsadm", "drift-seen-as-four-mutations",
    ];

    [GeneratedRegex(@"^CHECK (\S+) (ok|FAIL)(.*)$", RegexOptions.Multiline)]
    private static partial Regex CheckLine();

    [Fact]
    public void the_ipvs_backend_programs_drifts_and_reconciles_a_real_kernel_as_ipvsadm_sees_it()
    {
        Prerequisite.Root();
        Prerequisite.Tool("/usr/bin/qemu-system-x86_64");
        var log = Path.Combine(AppContext.BaseDirectory, "artifacts", "ipvs-guest.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.Delete(log);

        var (code, output) = Tools.Run("/bin/bash", Path.Combine(Corpus.RepoRoot, "ops", "qemu", "ipvs-guest.sh"), "--log", log);
        var transcript = File.Exists(log) ? File.ReadAllText(log) : "";
        TestContext.Current.AddAttachment("ipvs-guest.log", transcript);
        TestContext.Current.SendDiagnosticMessage($"guest log: {log}");

        var checks = CheckLine().Matches(transcript).ToDictionary(m => m.Groups[1].Value, m => (Status: m.Groups[2].Value, Detail: m.Groups[3].Value.Trim()));
        var expected = Steps.SelectMany(step => StepChecks.Select(check => $"{step}-{check}")).Concat(OtherChecks).ToList();
        var missing = expected.Where(name => !checks.ContainsKey(name)).ToList();
        var failed = checks.Where(c => c.Value.Status != "ok").Select(c => $"{c.Key}: {c.Value.Detail}").ToList();

        Assert.True(missing.Count == 0, $"checks that never ran: {string.Join(", ", missing)}\n{Tail(output)}");
        Assert.True(failed.Count == 0, $"failed checks:\n{string.Join('\n', failed)}");
        Assert.Matches(@"(?m)^GUEST DONE \d+ ok 0 failed$", transcript);
        Assert.Equal(0, code);
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));
}
