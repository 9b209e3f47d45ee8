using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Audit;
using ChatDb.Silo.Auth;
using ChatDb.Silo.Modules;
using ChatDb.Storage.Retention;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatDb.Silo.Api;

public static class ChatDbApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <see cref="ChatDbApiEndpointRouteBuilderExtensions.MapChatDbApi"/> needs: the
    /// OpenAPI document, the JSON metadata of the wire types, the request rules (id validation, body
    /// limits from <c>ChatLimitsOptions</c>, both registered by <c>AddChatGrains</c>), a guard against dot segments hidden by
    /// percent-encoding, and API-key authentication (<see cref="ChatDbAuthServiceCollectionExtensions.AddChatDbAuth"/>,
    /// section <c>Auth</c>). The event routes read the chat event streams (<c>AddChatEventStreams</c> on the
    /// silo) of the provider named in <see cref="ChatDbApiOptions.EventStreamProviderName"/>.
    /// </summary>
    public static IServiceCollection AddChatDbApi(this IServiceCollection services, Action<OptionsBuilder<ChatDbApiOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ApiRules)))
        {
            return services;
        }

        var options = services.AddOptions<ChatDbApiOptions>().BindConfiguration(ChatDbApiOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.EventStreamProviderName),
                $"{ChatDbApiOptions.SectionName}:{nameof(ChatDbApiOptions.EventStreamProviderName)} must name a stream provider.")
            .Validate(o => o.EventGapCheckSeconds >= 0,
                $"{ChatDbApiOptions.SectionName}:{nameof(ChatDbApiOptions.EventGapCheckSeconds)} must be 0 (off) or more.")
            .Validate(o => o.EventSubscriberCapacity > 0,
                $"{ChatDbApiOptions.SectionName}:{nameof(ChatDbApiOptions.EventSubscriberCapacity)} must be positive.")
            .Validate(o => o.EventReplayPageSize > 0,
                $"{ChatDbApiOptions.SectionName}:{nameof(ChatDbApiOptions.EventReplayPageSize)} must be positive.")
            .Validate(o => o.MaxPageSize > 0,
                $"{ChatDbApiOptions.SectionName}:{nameof(ChatDbApiOptions.MaxPageSize)} must be positive.")
            .ValidateOnStart();
        configure?.Invoke(options);
        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer<ApiDocumentTransformer>();
            openApi.AddOperationTransformer<ApiOperationTransformer>();
            openApi.AddSchemaTransformer<ApiSchemaTransformer>();
        });
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatDbJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, ApiJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(2, AgentJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(3, MemoryJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(4, KnowledgeJsonContext.Default);
        });
        services.AddChatDbAuth();
        services.AddChatDbModuleHealthChecks();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiRules>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<IRetentionAudit>(provider => provider.GetRequiredService<AuditTrail>());
        services.AddHostedService<AuditKeyChanges>();

        // Kestrel drains what a client still sends after a refused body up to its server-wide limit (30 MB by
        // default) whatever the route's own limit; the smallest route limit bounds that, and routes that take
        // more (document uploads) raise it for their own requests (RequestBody).
        services.AddOptions<KestrelServerOptions>().Configure<ApiRules>((kestrel, rules) => kestrel.Limits.MaxRequestBodySize = rules.JsonBody.Bytes);
        // Kestrel's own rejections (before routing: a NUL in the path, a too long target, too large headers) get the API's body.
        services.AddOptions<KestrelServerOptions>().Configure(kestrel =>
            kestrel.ConfigureEndpointDefaults(listen =>
                listen.Use(next => new ServerRejectionMiddleware(next, new ServerRejectionBodies(kestrel.Limits)).OnConnectionAsync)));
        services.AddTransient<IStartupFilter, ApiStartupFilter>();
        return services;
    }
}
