using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Memories;

/// <summary>The checks of a memory's fields; each failure names the field and its rule.</summary>
internal static class MemoryRules
{
    /// <summary>The name of the text limit in errors (and in the 413 answer).</summary>
    public const string TextLimitName = "MaxMemoryChars";

    public static string Text(string? text, string subject)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ValidationError($"{subject}: text is required (rule: memory-text-required).");
        }

        if (trimmed.Length > Memory.MaxTextChars)
        {
            throw new StorageLimitExceeded(
                $"{subject}: the memory text has {trimmed.Length} characters; the limit {TextLimitName} is {Memory.MaxTextChars}.",
                TextLimitName, Memory.MaxTextChars, trimmed.Length);
        }

        return trimmed;
    }

    public static double Importance(double? importance, string subject)
    {
        var value = importance ?? Memory.DefaultImportance;
        if (!double.IsFinite(value) || value is < 0 or > 1)
        {
            throw new ValidationError(
                $"{subject}: importance {value.ToString(CultureInfo.InvariantCulture)} is out of range; it must be between 0 and 1 (rule: memory-importance-range).");
        }

        return value;
    }

    public static string? AgentId(string? agentId) => agentId is null ? null : ChatGrainKeys.AgentId(agentId);

    public static MemorySource Source(MemorySource? source, string subject)
    {
        if (source is null)
        {
            return MemorySource.None;
        }

        var sessionId = source.SessionId is null ? null : EntityIdValidator.Validate(source.SessionId, "session id");
        var seqs = source.Seqs ?? [];
        if (seqs.Any(seq => seq < 1))
        {
            throw new ValidationError($"{subject}: source seqs must be 1 or more (rule: memory-source-seq).");
        }

        var panelId = source.PanelId is null ? null : EntityIdValidator.Validate(source.PanelId, "panel id");
        return new MemorySource(sessionId, [.. seqs.Distinct().Order()]) { PanelId = panelId };
    }

    public static int Limit(int? limit, int defaultLimit, int maxLimit, string name, string subject)
    {
        var value = limit ?? defaultLimit;
        if (value < 1 || value > maxLimit)
        {
            throw new ValidationError($"{subject}: {name} {value} is out of range; it must be between 1 and {maxLimit}.");
        }

        return value;
    }

    /// <summary>Texts compared as an extraction compares them: case, surrounding space and a final full stop ignored.</summary>
    public static string Comparable(string text) => text.Trim().TrimEnd('.', '!').Trim().ToLowerInvariant();
}
