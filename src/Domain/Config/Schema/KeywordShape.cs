namespace EsHa.Domain.Config.Schema;

/// <summary>How keepalived reads what follows a keyword.</summary>
public enum KeywordShape
{
    /// <summary>The keyword and its arguments are the whole line.</summary>
    Value,

    /// <summary>A '{ }' block holding more keywords (install_sublevel).</summary>
    Block,

    /// <summary>A '{ }' block whose lines the keyword's handler reads itself (read_value_block).</summary>
    ValueBlock,
}
