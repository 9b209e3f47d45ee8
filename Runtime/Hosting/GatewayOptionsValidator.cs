using System.Net;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Hosting;

internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        const string Section = GatewayOptions.SectionName;
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{Section}:{nameof(options.ListenAddress)} must be an IP address; it is '{options.ListenAddress}'.");
        }

        if (options.Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Section}:{nameof(options.Port)} must be between {IPEndPoint.MinPort} and {IPEndPoint.MaxPort}; it is {options.Port}.");
        }

        if (options.MaxFrameSize < GatewayOptions.MinMaxFrameSize)
        {
            failures.Add($"{Section}:{nameof(options.MaxFrameSize)} must be at least {GatewayOptions.MinMaxFrameSize} bytes; it is {options.MaxFrameSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
