using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// The <c>openai</c> provider: any endpoint that speaks OpenAI's chat completions (OpenAI, Azure OpenAI's v1 API,
/// vLLM, LM Studio, Ollama's <c>/v1</c>, ...), through Microsoft.Extensions.AI.OpenAI. <c>Endpoint</c> is the base
/// the paths are appended to (<c>https://api.openai.com/v1</c>); <c>TimeoutSeconds</c> bounds each call; nothing is
/// retried, so a failing endpoint fails the run at once instead of after backed-off retries.
/// </summary>
internal static class OpenAIModels
{
    /// <summary>Sent when no key is configured: the library requires one, and keyless servers ignore it.</summary>
    private const string NoKey = "no-key";

    public static IChatClient CreateChatClient(ModelEntry model, HttpClient http) =>
        Client(model, http).GetChatClient(model.Model).AsIChatClient();

    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ModelEntry model, HttpClient http) =>
        Client(model, http).GetEmbeddingClient(model.Model).AsIEmbeddingGenerator();

    private static OpenAIClient Client(ModelEntry model, HttpClient http)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(model.Endpoint!),
            NetworkTimeout = TimeSpan.FromSeconds(model.TimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
        };
        return new OpenAIClient(new ApiKeyCredential(model.ApiKey ?? NoKey), options);
    }
}
