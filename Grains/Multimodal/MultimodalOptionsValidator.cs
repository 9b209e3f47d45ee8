using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Multimodal;

/// <summary>Checks the <c>Multimodal</c> section as the silo starts; each failure names the setting and its range.</summary>
public sealed class MultimodalOptionsValidator : IValidateOptions<MultimodalOptions>
{
    /// <summary>The largest thumbnail side accepted: a thumbnail is small by definition.</summary>
    public const int MaxThumbnailSide = 2048;

    public ValidateOptionsResult Validate(string? name, MultimodalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxImagePixels <= 0)
        {
            failures.Add($"Multimodal:MaxImagePixels must be positive (was {options.MaxImagePixels}).");
        }

        if (options.ThumbnailMaxSide is < 16 or > MaxThumbnailSide)
        {
            failures.Add($"Multimodal:ThumbnailMaxSide must be 16 to {MaxThumbnailSide} (was {options.ThumbnailMaxSide}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
