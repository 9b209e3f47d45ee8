using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Events;
using ChatDb.Grains.Search;
using Orleans;
using Orleans.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Hosting;

public static class SearchSiloBuilderExtensions
{
    /// <summary>
    /// Turns on per-user search (<see cref="ISearchGrain"/>): the session grains' events also feed the
    /// user's search grain. Call after <c>AddChatGrains</c> and after any <c>AddChatEventStreams</c>,
    /// because it wraps the <see cref="IChatEventPublisher"/> registered at that point. To use an
    /// embedding provider, name an embedding model in <c>Search:EmbeddingModel</c> (docs/AGENTS.md, "Models") or
    /// register an <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>; otherwise the offline
    /// <see cref="HashingEmbeddingGenerator"/> is used. Settings come from the
    /// <c>Search</c> section (<see cref="SearchOptions"/>); <paramref name="configure"/> runs after the binding.
    /// </summary>
    public static ISiloBuilder AddChatSearch(this ISiloBuilder builder, Action<OptionsBuilder<SearchOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.AddSearchOptions();
        configure?.Invoke(options);

        // Search:EmbeddingModel names an embedding model of the Models section; it is checked now, so a wrong name
        // stops the start. A generator registered before this call wins over the setting.
        if (builder.Configuration[ModelEmbeddings.SearchSetting] is { Length: > 0 } embeddingModel)
        {
            var models = builder.Services.LastOrDefault(d => d.ServiceType == typeof(ModelRegistry))?.ImplementationInstance as ModelRegistry
                ?? ModelRegistry.FromConfiguration(builder.Configuration);
            ModelEmbeddings.Check(models, embeddingModel);
            builder.Services.TryAddSingleton(_ => ModelEmbeddings.Create(models, embeddingModel));
        }

        builder.Services.Wrap((services, inner) => new SearchIndexingEventPublisher(
            inner, services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<ILogger<SearchIndexingEventPublisher>>()));
        return builder;
    }
}
