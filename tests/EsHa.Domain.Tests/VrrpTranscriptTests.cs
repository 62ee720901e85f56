using EsHa.Domain.Tests.Support;
using Xunit;

namespace EsHa.Domain.Tests;

/// <summary>Every testdata/vrrp/*.txt transcript: one instance driven through inputs, its events and effects shown.</summary>
public sealed class VrrpTranscriptTests
{
    private static string TestData => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "testdata", "vrrp");

    public static TheoryData<string> Transcripts() =>
        new(Directory.EnumerateFiles(TestData, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void transcript(string name)
    {
        var transcript = new VrrpTranscript();
        var failure = DataDriven.Run(Path.Combine(TestData, name), transcript.Handle);
        Assert.True(failure is null, failure);
    }
}
