using EsHa.Domain.Tests.Support;
using Xunit;

namespace EsHa.Domain.Tests;

/// <summary>Every testdata/lvs/*.txt transcript: real servers' checkers and their virtual server's quorum driven
/// through probe results, with the events, the desired LVS table and the probe schedule shown.</summary>
public sealed class LvsTranscriptTests
{
    private static string TestData => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "testdata", "lvs");

    public static TheoryData<string> Transcripts() =>
        new(Directory.EnumerateFiles(TestData, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void transcript(string name)
    {
        var failure = DataDriven.Run(Path.Combine(TestData, name), new LvsTranscript().Handle);
        Assert.True(failure is null, failure);
    }
}
