using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// The clients of the configured models: <c>offline</c> (in process), <c>openai</c> and <c>ollama</c> (over HTTP).
/// One client per model name, made on first use and kept for the silo's life (each with its own HTTP connection
/// pool); network clients are wrapped in <see cref="GuardedChatClient"/>, so a failure names the model and never
/// carries the endpoint's text.
/// </summary>
public sealed class AgentChatClientFactory : IAgentChatClientFactory, IDisposable
{
    private readonly OfflineChatClient _offline = new();
    private readonly ConcurrentDictionary<string, Lazy<(IChatClient Client, HttpClient? Http)>> _clients = new(StringComparer.Ordinal);

    public IChatClient Create(string name, ModelEntry model)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        if (model.Provider == ModelProviders.Offline)
        {
            return _offline;
        }

        if (model.Kind != ModelKinds.Chat)
        {
            throw new Storage.ConfigurationError($"model '{name}' is an {model.Kind} model ({ModelRegistry.SectionName}:{name}:Kind); an agent needs a chat model.");
        }

        return _clients.GetOrAdd(name, _ => new Lazy<(IChatClient, HttpClient?)>(() => Build(name, model))).Value.Client;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Client.Dispose();
            client.Value.Http?.Dispose();
        }
    }

    private static (IChatClient, HttpClient?) Build(string name, ModelEntry model)
    {
        var http = ModelHttp.Client(model);
        IChatClient client = model.Provider switch
        {
            ModelProviders.OpenAI => OpenAIModels.CreateChatClient(model, http),
            ModelProviders.Ollama => OllamaModels.CreateClient(model, http),
            _ => throw new Storage.ConfigurationError($"{ModelRegistry.SectionName}:{name}:Provider '{model.Provider}' is not one of {string.Join(", ", ModelProviders.All)}."),
        };
        return (new GuardedChatClient(client, name, model), http);
    }
}
