using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ChatDb.Grains.Agents.ChatModels;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>
/// A chat client whose answers a test sets: each call takes the next scripted answer (or waits on a gate the test
/// opens), and every prompt it was given is kept.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient, IAgentChatClientFactory
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>> _answers = new();

    public List<IReadOnlyList<ChatMessage>> Prompts { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    /// <summary>Completes when a call starts waiting on <see cref="Hold"/>.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScriptedChatClient Answer(string text, ChatFinishReason? finish = null)
    {
        _answers.Enqueue((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = finish ?? ChatFinishReason.Stop }));
        return this;
    }

    public ScriptedChatClient CallTool(string callId, string name, Dictionary<string, object?>? arguments = null)
    {
        _answers.Enqueue((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, arguments ?? [])]))
        {
            FinishReason = ChatFinishReason.ToolCalls,
        }));
        return this;
    }

    public ScriptedChatClient Throw(Exception error)
    {
        _answers.Enqueue((_, _, _) => Task.FromException<ChatResponse>(error));
        return this;
    }

    /// <summary>The next call waits until it is cancelled.</summary>
    public ScriptedChatClient Hold()
    {
        _answers.Enqueue(async (_, _, cancellationToken) =>
        {
            Waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        Prompts.Add(prompt);
        Options.Add(options);
        return _answers.TryDequeue(out var answer)
            ? answer(prompt, options, cancellationToken)
            : throw new InvalidOperationException("the scripted chat client has no answer left");
    }

    /// <summary>The next scripted answer as updates: each text in two halves, so a stream has more than one piece.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            if (update.Contents is [TextContent { Text.Length: > 1 } text])
            {
                var half = text.Text.Length / 2;
                yield return new ChatResponseUpdate(ChatRole.Assistant, text.Text[..half]) { MessageId = update.MessageId };
                yield return new ChatResponseUpdate(ChatRole.Assistant, text.Text[half..]) { MessageId = update.MessageId, FinishReason = update.FinishReason };
            }
            else
            {
                yield return update;
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public IChatClient Create(string name, ModelEntry model) => this;
}
