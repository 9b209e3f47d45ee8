using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Client;

internal sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        const string Section = ClusterClientOptions.SectionName;
        var failures = new List<string>();
        foreach (var gateway in options.Gateways)
        {
            if (!GatewayEndPoints.TryParse(gateway, out _))
            {
                failures.Add($"{Section}:{nameof(options.Gateways)} entry '{gateway}' is not host:port.");
            }
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(options.ResponseTimeout)} must be positive; it is {options.ResponseTimeout}.");
        }

        if (options.ConnectRetryCount < 0)
        {
            failures.Add($"{Section}:{nameof(options.ConnectRetryCount)} must not be negative; it is {options.ConnectRetryCount}.");
        }

        if (options.ConnectRetryDelay < TimeSpan.Zero || options.MaxConnectRetryDelay < options.ConnectRetryDelay)
        {
            failures.Add(
                $"{Section}:{nameof(options.ConnectRetryDelay)} ({options.ConnectRetryDelay}) must be non-negative and at most {Section}:{nameof(options.MaxConnectRetryDelay)} ({options.MaxConnectRetryDelay}).");
        }

        if (options.MaxFrameSize < Hosting.GatewayOptions.MinMaxFrameSize)
        {
            failures.Add($"{Section}:{nameof(options.MaxFrameSize)} must be at least {Hosting.GatewayOptions.MinMaxFrameSize} bytes; it is {options.MaxFrameSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
