using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Retention;

/// <summary>Checks <see cref="RetentionOptions"/> at silo start; each failure names the settings involved.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private const string Prefix = RetentionOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ArchiveSessionsAfterDays is < 1)
        {
            failures.Add($"{Prefix}{nameof(options.ArchiveSessionsAfterDays)} is {options.ArchiveSessionsAfterDays}; it must be at least 1 day, or unset for never.");
        }

        if (options.DeleteSessionsAfterDays is < 1)
        {
            failures.Add($"{Prefix}{nameof(options.DeleteSessionsAfterDays)} is {options.DeleteSessionsAfterDays}; it must be at least 1 day, or unset for never.");
        }

        if (options.EmptyTrashAfterDays is < 1)
        {
            failures.Add($"{Prefix}{nameof(options.EmptyTrashAfterDays)} is {options.EmptyTrashAfterDays}; it must be at least 1 day, or unset for never.");
        }

        if (options.ArchiveSessionsAfterDays is { } archive && options.DeleteSessionsAfterDays is { } delete && delete <= archive)
        {
            failures.Add($"{Prefix}{nameof(options.DeleteSessionsAfterDays)} ({delete}) must exceed {Prefix}{nameof(options.ArchiveSessionsAfterDays)} ({archive}): a session is archived before it is deleted.");
        }

        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromDays(7))
        {
            failures.Add($"{Prefix}{nameof(options.Interval)} is {options.Interval}; it must be between 00:00:01 and 7.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
