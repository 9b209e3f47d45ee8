namespace ChatDb.Grains.Tokens;

/// <summary>Settings of message token counts (section <c>Tokens</c>); docs/API.md, "Token counts".</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>The encodings this build ships the data of.</summary>
    public static IReadOnlyList<string> SupportedEncodings { get; } = ["o200k_base", "cl100k_base"];

    /// <summary>The tiktoken encoding messages are counted in: <c>o200k_base</c> (GPT-4o and later) or <c>cl100k_base</c>.</summary>
    public string Encoding { get; set; } = "o200k_base";
}
