using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Streams;

/// <summary>Validates stream provider options at start-up; each message names the provider and the setting.</summary>
internal sealed class StreamProviderOptionsValidator : IValidateOptions<MemoryStreamOptions>, IValidateOptions<PersistentStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryStreamOptions options)
    {
        var failures = Common(name, options);
        if (options.MaxBufferedItems < 1)
        {
            failures.Add($"{Setting(name, nameof(options.MaxBufferedItems))} must be at least 1; it is {options.MaxBufferedItems}.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, PersistentStreamOptions options)
    {
        var failures = Common(name, options);
        if (string.IsNullOrWhiteSpace(options.LogStorageName))
        {
            failures.Add($"{Setting(name, nameof(options.LogStorageName))} must name a grain log storage provider.");
        }

        if (options.CacheSize < 1)
        {
            failures.Add($"{Setting(name, nameof(options.CacheSize))} must be at least 1; it is {options.CacheSize}.");
        }

        return Result(failures);
    }

    private static List<string> Common(string? name, StreamProviderOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PubSubStorageName))
        {
            failures.Add($"{Setting(name, nameof(options.PubSubStorageName))} must name a grain storage provider.");
        }

        if (options.DeliveryBatchSize < 1)
        {
            failures.Add($"{Setting(name, nameof(options.DeliveryBatchSize))} must be at least 1; it is {options.DeliveryBatchSize}.");
        }

        if (options.MaxPendingItems < 1)
        {
            failures.Add($"{Setting(name, nameof(options.MaxPendingItems))} must be at least 1; it is {options.MaxPendingItems}.");
        }

        return failures;
    }

    private static string Setting(string? name, string setting) => $"{StreamProviderOptions.SectionPrefix}:{name}:{setting}";

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
