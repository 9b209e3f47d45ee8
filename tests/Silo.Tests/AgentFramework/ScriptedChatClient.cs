using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatDb.Silo.Tests.AgentFramework;

/// <summary>A model that answers with the responses it was given, in order, and keeps every prompt it was sent.</summary>
internal sealed class ScriptedChatClient(params ChatResponse[] responses) : IChatClient
{
    private readonly Queue<ChatResponse> _responses = new(responses);

    public List<IReadOnlyList<ChatMessage>> Prompts { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Prompts.Add([.. messages]);
        return _responses.TryDequeue(out var response)
            ? Task.FromResult(response)
            : throw new InvalidOperationException($"The script has no answer for call {Prompts.Count}.");
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
