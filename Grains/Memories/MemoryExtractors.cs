using ChatDb.Grains.Agents.ChatModels;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Memories;

/// <summary>
/// The extractor <c>Memory:ExtractionModel</c> names: the offline rules for a model of provider <c>offline</c>, otherwise
/// the model through its chat client. The setting is checked as the silo starts (<see cref="Check"/>).
/// </summary>
public sealed class MemoryExtractors(ModelRegistry models, IAgentChatClientFactory clients, IOptions<MemoryOptions> options)
{
    private const string Setting = MemoryOptions.SectionName + ":" + nameof(MemoryOptions.ExtractionModel);

    private static readonly OfflineMemoryExtractor Offline = new();

    /// <summary>The configured model's name.</summary>
    public string ModelName => options.Value.ExtractionModel;

    internal IMemoryExtractor Get()
    {
        var entry = Check();
        return entry.Provider == ModelProviders.Offline ? Offline : new ModelMemoryExtractor(clients.Create(ModelName, entry), ModelName, entry.TimeoutSeconds);
    }

    /// <summary>The model entry; a <c>ConfigurationError</c> naming the setting when it is unknown or not a chat model.</summary>
    public ModelEntry Check()
    {
        ModelEntry entry;
        try
        {
            entry = models.Get(ModelName, Setting);
        }
        catch (ChatDb.Storage.ValidationError e)
        {
            throw new ChatDb.Storage.ConfigurationError(e.Message, e);
        }

        return entry.Kind == ModelKinds.Chat
            ? entry
            : throw new ChatDb.Storage.ConfigurationError($"{Setting}: model '{ModelName}' is of kind '{entry.Kind}'; extraction needs a chat model.");
    }
}
