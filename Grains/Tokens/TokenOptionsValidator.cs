using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Tokens;

/// <summary>Checks <see cref="TokenOptions"/> at silo start; the failure names the setting, its value and the choices.</summary>
public sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TokenOptions.SupportedEncodings.Contains(options.Encoding, StringComparer.Ordinal)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{TokenOptions.SectionName}:{nameof(options.Encoding)} must be one of {string.Join(", ", TokenOptions.SupportedEncodings)} (was '{options.Encoding}').");
    }
}
