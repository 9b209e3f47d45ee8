using ChatDb.Grains.Agents.ChatModels;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Sessions.Summary;

/// <summary>Checks <c>Memory:Summary</c> at start: sizes in range and a configured chat model.</summary>
internal sealed class SessionSummaryOptionsValidator(ModelRegistry models) : IValidateOptions<SessionSummaryOptions>
{
    private const string Section = SessionSummaryOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SessionSummaryOptions options)
    {
        var failures = new List<string>();
        if (options.ThresholdTokens < 0)
        {
            failures.Add($"{Section}:ThresholdTokens must be 0 (off) or more; it is {options.ThresholdTokens}.");
        }

        if (options.KeepRecentTokens < 0)
        {
            failures.Add($"{Section}:KeepRecentTokens must be 0 or more; it is {options.KeepRecentTokens}.");
        }
        else if (options.ThresholdTokens > 0 && options.KeepRecentTokens >= options.ThresholdTokens)
        {
            failures.Add($"{Section}:KeepRecentTokens ({options.KeepRecentTokens}) must be smaller than {Section}:ThresholdTokens ({options.ThresholdTokens}).");
        }

        if (options.MinIntervalSeconds < 0)
        {
            failures.Add($"{Section}:MinIntervalSeconds must be 0 or more; it is {options.MinIntervalSeconds}.");
        }

        var model = (options.Model ?? string.Empty).ToLowerInvariant();
        if (!models.Names.Contains(model))
        {
            failures.Add($"{Section}:Model '{options.Model}' is not a configured model; the configured models are {string.Join(", ", models.Names.Order(StringComparer.Ordinal))}.");
        }
        else if (models.Get(model, Section + ":Model").Kind != ModelKinds.Chat)
        {
            failures.Add($"{Section}:Model '{options.Model}' is an embedding model; a summary needs a chat model.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
