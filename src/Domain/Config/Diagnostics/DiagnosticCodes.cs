namespace EsHa.Domain.Config.Diagnostics;

/// <summary>Stable diagnostic codes: scripts and tests match on these, so a code never changes meaning.</summary>
public static class DiagnosticCodes
{
    // Structure (lib/parser.c's own errors).
    public const string UnknownKeyword = "unknown-keyword";
    public const string MissingOpenBrace = "missing-open-brace";
    public const string UnexpectedOpenBrace = "unexpected-open-brace";
    public const string ExtraCloseBrace = "extra-close-brace";
    public const string MissingCloseBrace = "missing-close-brace";
    public const string UnmatchedQuote = "unmatched-quote";
    public const string LineContinuation = "line-continuation";
    public const string EscapedComment = "escaped-comment";
    public const string ExtraArguments = "extra-arguments";
    public const string MissingArgument = "missing-argument";

    // Files, includes and the preprocessor.
    public const string FileUnreadable = "file-unreadable";
    public const string IncludeMissing = "include-missing";
    public const string IncludeCycle = "include-cycle";
    public const string IncludeReadTwice = "include-read-twice";
    public const string IncludeNotRegular = "include-not-regular";
    public const string BadSequence = "bad-sequence";
    public const string LineTooLong = "line-too-long";

    // Values and semantics.
    public const string BadValue = "bad-value";
    public const string OutOfRange = "out-of-range";
    public const string Deprecated = "deprecated";
    public const string NotActedOn = "not-acted-on";
    public const string AuthenticationIgnored = "auth-ignored";
    public const string ConflictResolved = "conflict-resolved";
    public const string UnknownReference = "unknown-reference";
    public const string Duplicate = "duplicate";
    public const string MissingRequired = "missing-required";
    public const string InterfaceMissing = "interface-missing";
    public const string Ignored = "ignored";
}
