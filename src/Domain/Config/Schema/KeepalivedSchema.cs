namespace EsHa.Domain.Config.Schema;

/// <summary>The keyword tree keepalived 2.2.7 parses against, built once from <see cref="KeywordTable"/>.</summary>
public static partial class KeepalivedSchema
{
    private static readonly Lazy<BlockSchema> RootSchema = new(Build);

    public static BlockSchema Root => RootSchema.Value;

    private static BlockSchema Build()
    {
        var root = new BlockSchema("");
        foreach (var line in KeywordTable.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            var block = fields[0] == "-" ? root : Resolve(root, fields[0]);
            block.Add(fields[1], fields[2] switch
            {
                "b" => KeywordShape.Block,
                "r" => KeywordShape.ValueBlock,
                _ => KeywordShape.Value,
            });
        }

        return root;
    }

    /// <summary>The block at a path like "virtual_server/real_server"; blocks are listed before their keywords.</summary>
    public static BlockSchema Resolve(BlockSchema root, string path)
    {
        var block = root;
        foreach (var part in path.Split('/'))
        {
            block = block.Find(part)?.Block
                ?? throw new InvalidOperationException($"keyword table lists '{path}' before its block '{part}'");
        }

        return block;
    }
}
