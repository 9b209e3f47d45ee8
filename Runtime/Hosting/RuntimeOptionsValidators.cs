using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Hosting;

internal sealed class SiloMessagingOptionsValidator : IValidateOptions<SiloMessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloMessagingOptions options) =>
        options.ResponseTimeout > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SiloMessagingOptions.SectionName}:{nameof(SiloMessagingOptions.ResponseTimeout)} must be positive; it is {options.ResponseTimeout}.");
}

internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        const string Section = GrainCollectionOptions.SectionName;
        if (options.CollectionQuantum <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{Section}:{nameof(options.CollectionQuantum)} must be positive; it is {options.CollectionQuantum}.");
        }

        if (options.CollectionAge <= options.CollectionQuantum)
        {
            return ValidateOptionsResult.Fail(
                $"{Section}:{nameof(options.CollectionAge)} ({options.CollectionAge}) must be greater than {Section}:{nameof(options.CollectionQuantum)} ({options.CollectionQuantum}).");
        }

        return ValidateOptionsResult.Success;
    }
}
