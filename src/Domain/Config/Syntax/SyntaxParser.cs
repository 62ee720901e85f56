using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Config.Schema;

namespace EsHa.Domain.Config.Syntax;

/// <summary>
/// keepalived's process_stream(): walks logical lines against the keyword tables and builds the tree. It keeps
/// keepalived's recovery so the tree is what keepalived would act on: an unknown keyword is reported and skipped,
/// a stray '{' is ignored (the lines after it then belong to the enclosing block, as in keepalived), and a '}'
/// always closes the innermost block.
/// </summary>
public sealed class SyntaxParser(LineReader reader, BlockSchema root, DiagnosticBag diagnostics)
{
    public List<ConfigNode> ParseAll()
    {
        var top = new List<ConfigNode>();
        ParseBlock(root, top, needOpenBrace: false, level: 0);
        return top;
    }

    /// <summary>Returns true when the block ended with its '}', false at the end of input.</summary>
    private bool ParseBlock(BlockSchema block, List<ConfigNode> into, bool needOpenBrace, int level, ConfigNode? owner = null)
    {
        while (reader.Next() is { } line)
        {
            var words = Split(line);
            if (words.Length == 0)
            {
                continue;
            }

            var first = words[0];
            if (needOpenBrace)
            {
                needOpenBrace = false;
                if (first == "{")
                {
                    continue;
                }

                diagnostics.Error(line.At, DiagnosticCodes.MissingOpenBrace,
                    $"missing '{{' at the beginning of the '{block.Path}' block");
            }
            else if (first == "{")
            {
                diagnostics.Error(line.At, DiagnosticCodes.UnexpectedOpenBrace,
                    "unexpected '{': keepalived ignores it and reads the lines that follow as part of the enclosing block");
                continue;
            }

            if (first == "}")
            {
                if (level > 0)
                {
                    owner!.EndAt = line.At;
                    return true;
                }

                // keepalived says "Unknown keyword '}'" here; when its brace count also found the '}' unbalanced,
                // the reader has said so already.
                if (!line.ClosesNothing)
                {
                    diagnostics.Error(line.At, DiagnosticCodes.ExtraCloseBrace, "'}' closes no block here");
                }

                continue;
            }

            var keyword = block.Find(first);
            if (keyword is null)
            {
                ReportUnknown(block, words, line);
                continue;
            }

            var node = new ConfigNode(first, words[1..], line.At);
            into.Add(node);
            if (first == "include_check" && block.Path == "global_defs")
            {
                reader.SetIncludeCheck(node.Args, node.At);
            }

            WarnOnContinuation(words, line);
            if (keyword.Shape == KeywordShape.Value)
            {
                WarnOnKeywordsInArguments(block, node);
            }

            switch (keyword.Shape)
            {
                case KeywordShape.Block:
                    node.Children = [];
                    if (!ParseBlock(keyword.Block!, node.Children, needOpenBrace: true, level + 1, node))
                    {
                        ReportUnclosed(node);
                    }

                    break;
                case KeywordShape.ValueBlock:
                    node.Lines = ReadValueBlock(node);
                    break;
            }
        }

        return false;
    }

    /// <summary>keepalived's alloc_value_block(): the lines between '{' and '}', each split into words.</summary>
    private List<RawLine> ReadValueBlock(ConfigNode node)
    {
        // virtual_server_group is the one value block named on its line.
        if (node.Args.Count > 0 && node.Keyword != "virtual_server_group")
        {
            diagnostics.Warning(node.At, DiagnosticCodes.ExtraArguments,
                $"block {node.Keyword} has extra parameters '{string.Join(' ', node.Args)}': keepalived ignores them");
        }

        var lines = new List<RawLine>();
        var needOpenBrace = true;
        while (reader.Next() is { } line)
        {
            var words = Split(line);
            if (words.Length == 0)
            {
                continue;
            }

            if (needOpenBrace)
            {
                needOpenBrace = false;
                if (words[0] == "{")
                {
                    continue;
                }

                diagnostics.Error(line.At, DiagnosticCodes.MissingOpenBrace,
                    $"missing '{{' after '{node.Keyword}': keepalived reads the lines up to the next '}}' as its block");
            }

            if (words[0] == "}")
            {
                node.EndAt = line.At;
                return lines;
            }

            lines.Add(new RawLine(words, line.At));
        }

        ReportUnclosed(node);
        return lines;
    }

    private string[] Split(LogicalLine line)
    {
        var words = Tokenizer.Split(line.Text, out var unmatched);
        if (unmatched && !diagnostics.Items.Any(d => d.At == line.At && d.Code == DiagnosticCodes.UnmatchedQuote))
        {
            diagnostics.Error(line.At, DiagnosticCodes.UnmatchedQuote, $"unmatched quote in '{line.Text}'");
        }

        return words;
    }

    private void ReportUnknown(BlockSchema block, string[] words, LogicalLine line)
    {
        var where = block.Path.Length == 0 ? "at the top level" : $"in '{block.Path}'";
        diagnostics.Error(line.At, DiagnosticCodes.UnknownKeyword,
            $"unknown keyword '{words[0]}' {where}; keepalived ignores the line", KeywordHints.For(block, words, root));
    }

    private void ReportUnclosed(ConfigNode node) =>
        diagnostics.Error(node.At, DiagnosticCodes.MissingCloseBrace,
            $"'{node.Keyword}' block is not closed: missing '}}' before the end of the configuration");

    /// <summary>A keyword among a value keyword's arguments was meant as a line of its own; keepalived reads only
    /// the arguments its handler wants and drops the rest. In an authentication block that silently turns
    /// authentication off, so it is an error there.</summary>
    private void WarnOnKeywordsInArguments(BlockSchema block, ConfigNode node)
    {
        var stray = node.Args.FirstOrDefault(a => block.Find(a) is not null);
        if (stray is null)
        {
            return;
        }

        if (node.Keyword == "auth_type" && stray == "auth_pass")
        {
            diagnostics.Error(node.At, DiagnosticCodes.AuthenticationIgnored,
                "'auth_pass' on the same line as 'auth_type' is never read: keepalived 2.2.7 then runs this instance " +
                "WITHOUT authentication (it logs only 'no password given')",
                "put 'auth_type' and 'auth_pass' on lines of their own");
            return;
        }

        diagnostics.Warning(node.At, DiagnosticCodes.ExtraArguments,
            $"'{stray}' follows '{node.Keyword}' on the same line: keepalived reads one keyword per line and ignores it",
            $"put '{stray}' on a line of its own");
    }

    /// <summary>keepalived continues a line ending in '\' only inside a $NAME= definition.</summary>
    private void WarnOnContinuation(string[] words, LogicalLine line)
    {
        if (words[^1].EndsWith('\\'))
        {
            diagnostics.Warning(line.At, DiagnosticCodes.LineContinuation,
                "a line ending in '\\' is not continued (keepalived joins lines only in $NAME= definitions); the '\\' stays in the value");
        }
    }
}
