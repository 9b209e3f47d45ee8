using ChatDb.Grains.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

/// <summary><see cref="TokenOptions"/> bound from the <c>Tokens</c> section, checked at start, and the silo's one <see cref="MessageTokenCounter"/>.</summary>
internal static class TokenCountRegistration
{
    public static void AddMessageTokenCounts(this ISiloBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(MessageTokenCounter)))
        {
            return;
        }

        builder.Services.AddSingleton<IValidateOptions<TokenOptions>>(new TokenOptionsValidator());
        builder.Services.AddOptions<TokenOptions>().Bind(builder.Configuration.GetSection(TokenOptions.SectionName)).ValidateOnStart();
        builder.Services.TryAddSingleton<MessageTokenCounter>();
    }
}
