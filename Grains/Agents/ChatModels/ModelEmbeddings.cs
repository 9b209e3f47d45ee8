using ChatDb.Storage;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// The embedding generator of an <c>embedding</c> model (<c>Search:EmbeddingModel</c> names the one search uses):
/// <c>openai</c> through <c>/v1/embeddings</c>, <c>ollama</c> through <c>/api/embed</c>.
/// </summary>
public static class ModelEmbeddings
{
    /// <summary>The setting that names the embedding model of search.</summary>
    public const string SearchSetting = "Search:EmbeddingModel";

    /// <summary>
    /// The generator of model <paramref name="name"/>; a <see cref="ConfigurationError"/> naming
    /// <see cref="SearchSetting"/> when there is no such model or it is not an embedding one.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(ModelRegistry models, string name)
    {
        var (key, model) = Check(models, name);
        var http = ModelHttp.Client(model);
        IEmbeddingGenerator<string, Embedding<float>> generator = model.Provider switch
        {
            ModelProviders.OpenAI => OpenAIModels.CreateEmbeddingGenerator(model, http),
            _ => OllamaModels.CreateClient(model, http),
        };
        return new GuardedEmbeddingGenerator(generator, key, model, http);
    }

    /// <summary>The model <paramref name="name"/> names, checked as <see cref="Create"/> checks it (at start, before any call).</summary>
    public static (string Name, ModelEntry Model) Check(ModelRegistry models, string name)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(name);
        var key = name.ToLowerInvariant();
        if (!models.Names.Contains(key))
        {
            throw new ConfigurationError($"{SearchSetting} '{name}' is not a configured model; the configured models are {string.Join(", ", models.Names.Order(StringComparer.Ordinal))}.");
        }

        var model = models.Get(key, SearchSetting);
        if (model.Kind != ModelKinds.Embedding)
        {
            throw new ConfigurationError($"{SearchSetting} '{name}' is a {model.Kind} model; set {ModelRegistry.SectionName}:{key}:Kind to '{ModelKinds.Embedding}'.");
        }

        return (key, model);
    }
}
