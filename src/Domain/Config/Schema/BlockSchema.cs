namespace EsHa.Domain.Config.Schema;

/// <summary>The keywords one block accepts, as keepalived 2.2.7 registers them.</summary>
public sealed class BlockSchema(string path)
{
    private readonly Dictionary<string, KeywordSchema> _keywords = new(StringComparer.Ordinal);

    /// <summary>The block's path from the root, e.g. "virtual_server/real_server/HTTP_GET".</summary>
    public string Path { get; } = path;

    public IEnumerable<KeywordSchema> Keywords => _keywords.Values;

    public KeywordSchema? Find(string keyword) => _keywords.GetValueOrDefault(keyword);

    public KeywordSchema Add(string keyword, KeywordShape shape)
    {
        if (!_keywords.TryGetValue(keyword, out var schema))
        {
            schema = new KeywordSchema(keyword, shape,
                shape == KeywordShape.Block ? new BlockSchema(Path.Length == 0 ? keyword : $"{Path}/{keyword}") : null);
            _keywords.Add(keyword, schema);
        }

        return schema;
    }
}

/// <summary>One keyword of a block; <see cref="Block"/> is set when it opens a keyword block.</summary>
public sealed record KeywordSchema(string Name, KeywordShape Shape, BlockSchema? Block);
