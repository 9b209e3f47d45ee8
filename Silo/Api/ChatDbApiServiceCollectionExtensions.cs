using ChatDb.Grains.Events;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Events;
using ChatDb.Silo.Api.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatDb.Silo.Api;

public static class ChatDbApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <see cref="ChatDbApiEndpointRouteBuilderExtensions.MapChatDbApi"/> needs: the
    /// OpenAPI document, the JSON metadata of the wire types, the request rules (id validation, body
    /// limits from <c>FlatfileStorageOptions</c>), a guard against dot segments hidden by percent-encoding,
    /// and the event hub behind the server-sent-event routes. Call it after the silo is configured
    /// (<c>UseChatDbSilo</c>): the hub becomes the grains' <see cref="IChatEventPublisher"/> and forwards
    /// every event to the publisher registered before it.
    /// </summary>
    public static IServiceCollection AddChatDbApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ChatEventHub)))
        {
            return services;
        }

        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatDbJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, ApiJsonContext.Default);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiRules>();
        services.AddTransient<IStartupFilter, ApiStartupFilter>();
        AddEventHub(services);
        return services;
    }

    private static void AddEventHub(IServiceCollection services)
    {
        var previous = services.LastOrDefault(d => d.ServiceType == typeof(IChatEventPublisher) && !d.IsKeyedService);
        services.RemoveAll<IChatEventPublisher>();
        Func<IServiceProvider, IChatEventPublisher?> next = previous switch
        {
            null => static _ => null,
            { ImplementationType: { } type } when type == typeof(NullChatEventPublisher) => static _ => null,
            { ImplementationInstance: IChatEventPublisher instance } => _ => instance,
            { ImplementationFactory: { } factory } => provider => (IChatEventPublisher)factory(provider),
            { ImplementationType: { } type } => provider => (IChatEventPublisher)ActivatorUtilities.CreateInstance(provider, type),
            _ => static _ => null,
        };
        services.AddSingleton(provider => new ChatEventHub(next(provider), provider.GetRequiredService<ILogger<ChatEventHub>>()));
        services.AddSingleton<IChatEventPublisher>(provider => provider.GetRequiredService<ChatEventHub>());
    }
}
