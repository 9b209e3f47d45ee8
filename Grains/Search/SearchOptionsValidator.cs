using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Search;

/// <summary>Checks <see cref="SearchOptions"/> at silo start; each failure names the setting and its value.</summary>
public sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    private const string Prefix = SearchOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MinWordLength < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.MinWordLength)} must be at least 1 (was {options.MinWordLength})."));
        }

        if (options.FlushDelay < TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.FlushDelay)} must not be negative (was {options.FlushDelay})."));
        }

        if (options.DefaultLimit is < 1 or > FullTextIndex.MaxLimit)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Prefix}{nameof(options.DefaultLimit)} must be between 1 and {FullTextIndex.MaxLimit} (was {options.DefaultLimit})."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
