using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Lvs.Nftables;

/// <summary>
/// libnftables (Debian's libnftables1, what `nft` itself is built on): a ruleset given as text is applied as one
/// atomic transaction, in process, so a check result reaches the kernel without starting `nft`. Output and errors
/// are buffered and handed back as text.
/// </summary>
internal sealed partial class Libnftables : IDisposable
{
    private const string Library = "libnftables.so.1";
    private readonly nint _context;
    private readonly Lock _gate = new();

    private Libnftables(nint context) => _context = context;

    /// <summary>null (with the reason) when the library is missing or refuses to start.</summary>
    public static Libnftables? TryOpen(out string why)
    {
        try
        {
            var context = nft_ctx_new(0);
            if (context == 0)
            {
                why = "nft_ctx_new failed";
                return null;
            }

            if (nft_ctx_buffer_output(context) != 0 || nft_ctx_buffer_error(context) != 0)
            {
                nft_ctx_free(context);
                why = "libnftables cannot buffer its output";
                return null;
            }

            why = "";
            return new Libnftables(context);
        }
        catch (DllNotFoundException e)
        {
            why = $"{Library} is not installed (Debian: libnftables1, with nftables): {e.Message}";
            return null;
        }
    }

    /// <summary>Runs commands (a whole `nft -f` file) and returns its output, or the error text.</summary>
    public (bool Ok, string Output, string Error) Run(string commands)
    {
        lock (_gate)
        {
            var rc = nft_run_cmd_from_buffer(_context, commands);
            var output = Marshal.PtrToStringUTF8(nft_ctx_get_output_buffer(_context)) ?? "";
            var error = Marshal.PtrToStringUTF8(nft_ctx_get_error_buffer(_context)) ?? "";
            return (rc == 0, output, error.Trim());
        }
    }

    public void Dispose() => nft_ctx_free(_context);

    [LibraryImport(Library)]
    private static partial nint nft_ctx_new(uint flags);

    [LibraryImport(Library)]
    private static partial void nft_ctx_free(nint context);

    [LibraryImport(Library)]
    private static partial int nft_ctx_buffer_output(nint context);

    [LibraryImport(Library)]
    private static partial int nft_ctx_buffer_error(nint context);

    [LibraryImport(Library)]
    private static partial nint nft_ctx_get_output_buffer(nint context);

    [LibraryImport(Library)]
    private static partial nint nft_ctx_get_error_buffer(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int nft_run_cmd_from_buffer(nint context, string buffer);
}
