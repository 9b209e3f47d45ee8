using System.Net.Http.Headers;
using OllamaSharp;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// The <c>ollama</c> provider: Ollama's own API (<c>/api/chat</c>, <c>/api/embed</c>) through OllamaSharp.
/// <c>Endpoint</c> is the server's address (<c>http://localhost:11434</c>); a configured key is sent as a bearer
/// token, for an Ollama behind a proxy that asks for one.
/// </summary>
internal static class OllamaModels
{
    public static OllamaApiClient CreateClient(ModelEntry model, HttpClient http)
    {
        http.BaseAddress = new Uri(model.Endpoint!);
        if (model.ApiKey is { } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return new OllamaApiClient(http, model.Model);
    }
}
