using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace ChatDb.Silo.Auth;

public static class ChatDbAuthServiceCollectionExtensions
{
    /// <summary>
    /// API-key authentication and the access rule of the REST API (docs/SECURITY.md), configured from section
    /// <c>Auth</c> and then <paramref name="configure"/>. Every endpoint needs an <c>admin</c> key unless it is
    /// marked <see cref="ChatDbAuthEndpointConventionBuilderExtensions.RequireUserScope{TBuilder}"/> (then the
    /// matching <c>user:{userId}</c> key will do too) or allows anonymous callers (<c>/health</c>). With no keys
    /// configured the API answers loopback connections only. <c>AddChatDbApi</c> calls this.
    /// </summary>
    public static IServiceCollection AddChatDbAuth(this IServiceCollection services, Action<OptionsBuilder<ChatDbAuthOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ApiKeyRing)))
        {
            return services;
        }

        var options = services.AddOptions<ChatDbAuthOptions>().BindConfiguration(ChatDbAuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatDbAuthOptions>, ChatDbAuthOptionsValidator>();
        configure?.Invoke(options);
        services.AddSingleton(provider =>
        {
            var settings = AuthSettings.From(provider.GetRequiredService<IOptions<ChatDbAuthOptions>>().Value);
            return new ApiKeyRing(settings.ApiKeys, provider.GetService<TimeProvider>(), settings.RotationGrace);
        });
        services.AddSingleton<ApiKeysFileWatcher>();
        services.AddSingleton(provider => new ApiRateLimiter(
            AuthSettings.From(provider.GetRequiredService<IOptions<ChatDbAuthOptions>>().Value), provider.GetService<TimeProvider>() ?? TimeProvider.System,
            () => ActiveSilos(provider)));
        services.AddHostedService(provider => provider.GetRequiredService<ApiKeysFileWatcher>());
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, ApiAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAccessRequirement.PolicyName, Policy())
            .SetFallbackPolicy(Policy());
        services.AddHostedService<AuthStartupLog>();
        return services;
    }

    private static AuthorizationPolicy Policy() =>
        new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).AddRequirements(ApiAccessRequirement.Instance).Build();

    private sealed class ChatDbAuthOptionsValidator : IValidateOptions<ChatDbAuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, ChatDbAuthOptions options)
        {
            var failures = AuthSettings.Validate(options, out _);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    /// <summary>Says at start-up which mode the API runs in, so an operator sees an open API in the log.</summary>
    private sealed class AuthStartupLog(ApiKeyRing keys, ILogger<ApiKeyRing> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (keys.IsEmpty)
            {
                AuthLog.NoKeysConfigured(logger);
            }
            else
            {
                AuthLog.KeysConfigured(logger, keys.Count);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The active silos of the cluster as this silo's membership sees them (1 outside a silo, or before it joined).</summary>
    private static int ActiveSilos(IServiceProvider provider) =>
        Math.Max(1, provider.GetService<IClusterMembershipService>()?.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active) ?? 1);
}
