namespace EsHa.IpvsGuest;

/// <summary>The guest's transcript: one "CHECK name ok|FAIL detail" line per check, then "GUEST DONE n ok m failed",
/// which the host's script and IpvsGuestTests read from the serial console.</summary>
public sealed class GuestReport
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public bool Check(string name, bool holds, string detail = "")
    {
        if (holds)
        {
            Passed++;
            Console.WriteLine($"CHECK {name} ok");
        }
        else
        {
            Failed++;
            Console.WriteLine($"CHECK {name} FAIL {detail.ReplaceLineEndings(" | ")}");
        }

        return holds;
    }

    /// <summary>A check whose code threw counts as failed, with the exception's message, and the run goes on.</summary>
    public void Check(string name, Func<(bool Holds, string Detail)> check)
    {
        try
        {
            var (holds, detail) = check();
            Check(name, holds, detail);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Check(name, false, $"{e.GetType().Name}: {e.Message}");
        }
    }

    public static void Note(string line) => Console.WriteLine($"NOTE {line}");

    public int Done()
    {
        Console.WriteLine($"GUEST DONE {Passed} ok {Failed} failed");
        return Failed == 0 && Passed > 0 ? 0 : 1;
    }
}
