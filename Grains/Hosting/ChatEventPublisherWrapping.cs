using ChatDb.Grains.Events;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Hosting;

/// <summary>
/// Puts a publisher around the <see cref="IChatEventPublisher"/> registered so far (search indexing, the bus filters):
/// the last registration wins when resolved, so each wrapper is registered last and resolves the one before it.
/// </summary>
internal static class ChatEventPublisherWrapping
{
    public static void Wrap(this IServiceCollection services, Func<IServiceProvider, IChatEventPublisher, IChatEventPublisher> wrap)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IChatEventPublisher));
        services.AddSingleton(provider => wrap(provider, Resolve(existing, provider) ?? new NullChatEventPublisher()));
    }

    private static IChatEventPublisher? Resolve(ServiceDescriptor? descriptor, IServiceProvider services) => descriptor switch
    {
        null => null,
        { ImplementationInstance: IChatEventPublisher instance } => instance,
        { ImplementationFactory: { } factory } => (IChatEventPublisher)factory(services),
        { ImplementationType: { } type } => (IChatEventPublisher)ActivatorUtilities.CreateInstance(services, type),
        _ => null,
    };
}
