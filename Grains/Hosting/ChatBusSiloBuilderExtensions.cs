using ChatDb.Grains.Bus;
using ChatDb.Grains.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

public static class ChatBusSiloBuilderExtensions
{
    /// <summary>
    /// Adds the message bus (<see cref="IChatBus"/>, docs/BUS.md) on the chat stream provider
    /// <paramref name="streamProviderName"/>, with its logging, tracing and validation filters in that order, then any
    /// <see cref="IChatBusFilter"/> registered before this call. Call it last among the event registrations (after
    /// <c>AddChatEventStreams</c> and <c>AddChatSearch</c>): it wraps the <see cref="IChatEventPublisher"/> registered at
    /// that point, so the grains' own events pass the filters too.
    /// </summary>
    public static ISiloBuilder AddChatBus(this ISiloBuilder builder, Action<ChatBusOptions>? configure = null, string streamProviderName = ChatStreams.DefaultProviderName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(streamProviderName);
        var options = builder.Services.AddOptions<ChatBusOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var custom = builder.Services.Where(d => d.ServiceType == typeof(IChatBusFilter)).ToList();
        foreach (var descriptor in custom)
        {
            builder.Services.Remove(descriptor);
        }

        builder.Services.AddSingleton<IChatBusFilter, ChatBusLoggingFilter>();
        builder.Services.AddSingleton<IChatBusFilter, ChatBusTracingFilter>();
        builder.Services.AddSingleton<IChatBusFilter, ChatBusValidationFilter>();
        foreach (var descriptor in custom)
        {
            builder.Services.Add(descriptor);
        }

        builder.Services.Wrap((services, inner) => new FilteredChatEventPublisher(inner, services.GetServices<IChatBusFilter>()));
        builder.Services.TryAddSingleton<IChatBus>(services => new ChatBus(
            services.GetRequiredService<IClusterClient>(), services.GetRequiredService<IChatEventPublisher>(),
            services.GetRequiredService<IOptions<ChatBusOptions>>(), streamProviderName));
        return builder;
    }
}
