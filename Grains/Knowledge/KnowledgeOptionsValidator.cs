using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Knowledge;

/// <summary>Checks the <c>Knowledge</c> section as the silo starts; each failure names the setting and its range.</summary>
public sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxDocumentBytes <= 0)
        {
            failures.Add($"Knowledge:MaxDocumentBytes must be positive (was {options.MaxDocumentBytes}).");
        }

        if (options.ExtractionTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Knowledge:ExtractionTimeout must be positive (was {options.ExtractionTimeout}).");
        }

        if (options.MaxPdfPages <= 0 || options.MaxHtmlDepth <= 0 || options.MaxTextChars <= 0 || options.MaxDocuments <= 0)
        {
            failures.Add("Knowledge:MaxPdfPages, MaxHtmlDepth, MaxTextChars and MaxDocuments must be positive.");
        }

        if (options.ChunkChars < 100)
        {
            failures.Add($"Knowledge:ChunkChars must be at least 100 (was {options.ChunkChars}).");
        }

        if (options.ChunkOverlapChars < 0 || options.ChunkOverlapChars >= options.ChunkChars / 2)
        {
            failures.Add($"Knowledge:ChunkOverlapChars must be 0 or more and below half of Knowledge:ChunkChars ({options.ChunkChars}); was {options.ChunkOverlapChars}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
