using ChatDb.Grains.Events;
using ChatDb.Grains.Search;
using ChatDb.Grains.Serialization;
using Orleans.Providers;
using Orleans.Serialization;
using ChatDb.Storage.Hosting;
using Orleans.Hosting;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Options;
using ChatDb.Storage.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Hosting;

public static class ChatGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the chat grains (user, session, panel, panel directory, persona, persona catalog) to the silo.
    /// They need a grain state, log and file storage provider named "Default"; they read their limits from
    /// <see cref="ChatLimitsOptions"/> (bound here from the <c>Storage</c> section and checked at start;
    /// <paramref name="limits"/> adjusts them after the binding), and panel search reads <see cref="SearchOptions"/>
    /// (the <c>Search</c> section). What only a storage provider can do (list a user's sessions, archive a
    /// session, plan retention) the provider registers through Storage.Abstractions; document names follow
    /// <see cref="DocumentLocations.Default"/> unless it registers its own <see cref="IDocumentLocations"/>.
    /// Events go to <see cref="NullChatEventPublisher"/> unless another <see cref="IChatEventPublisher"/> is registered.
    /// </summary>
    public static ISiloBuilder AddChatGrains(this ISiloBuilder builder, Action<OptionsBuilder<ChatLimitsOptions>>? limits = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStorageFacets();
        builder.Services.AddSerializer(serializer => serializer.AddChatDbSerializer());
        var options = builder.Services.AddChatLimitsOptions(builder.Configuration);
        limits?.Invoke(options);
        builder.AddSearchOptions();
        builder.AddMessageTokenCounts();
        builder.AddChatAgents();
        builder.AddSessionSummaries();
        builder.AddChatMemory();
        builder.AddChatKnowledge();
        builder.AddChatModules();

        // A storage whose layout names directories after the ids (flatfile) registers its configured format.
        builder.Services.TryAddSingleton(EntityIdFormat.Default);
        builder.Services.TryAddSingleton<IDocumentLocations>(DocumentLocations.Default);
        builder.Services.TryAddSingleton<IChatEventPublisher, NullChatEventPublisher>();
        return builder;
    }

    /// <summary>
    /// Publishes the chat grains' events on the stream provider <paramref name="streamProviderName"/>
    /// (register it with <c>AddMemoryStreams</c> or <c>AddPersistentStreams</c>), replacing any other
    /// <see cref="IChatEventPublisher"/>. Subscribers read <see cref="ChatEvent"/> items.
    /// </summary>
    public static ISiloBuilder AddChatEventStreams(this ISiloBuilder builder, string streamProviderName = ChatStreams.DefaultProviderName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(streamProviderName);
        builder.Services.RemoveAll<IChatEventPublisher>();
        builder.Services.AddSingleton<IChatEventPublisher>(services => new StreamChatEventPublisher(services, streamProviderName));
        return builder;
    }

    /// <summary>
    /// The pulling period of the chat event streams' agents: an event reaches a subscriber (an SSE client)
    /// within about this long plus the delivery itself, instead of Orleans' default 100 ms.
    /// </summary>
    public static readonly TimeSpan EventPullingPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Registers Orleans' memory stream provider <paramref name="streamProviderName"/> for the chat events,
    /// its pulling agents polling every <see cref="EventPullingPeriod"/>, and the in-memory pub/sub store its
    /// subscriptions need (they live only as long as the process, like the SSE connections they serve).
    /// </summary>
    public static ISiloBuilder AddChatEventMemoryStreams(this ISiloBuilder builder, string streamProviderName = ChatStreams.DefaultProviderName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddMemoryStreams(streamProviderName, streams =>
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.GetQueueMsgsTimerPeriod = EventPullingPeriod)));
        if (!builder.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME) && d.ServiceType == typeof(Orleans.Storage.IGrainStorage)))
        {
            builder.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
        }

        return builder;
    }
}
