using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ChatDb.Grains.Agents.ChatModels;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>
/// A scripted model for panel runs: it tells the speaking agent by the panel note in its system message
/// ("You are {role} in panel ..."), the moderator by "You moderate" and the router model by "You route". Each agent takes its next scripted answer, or
/// answers "{agentId} speaks" when none is left; every call is kept in order.
/// </summary>
internal sealed partial class PanelModel : IChatClient, IAgentChatClientFactory
{
    /// <summary>The role the moderator's calls are kept under.</summary>
    public const string ModeratorKey = "moderator";

    /// <summary>The key the router model's calls are kept under.</summary>
    public const string RouterKey = "router";

    private readonly Dictionary<string, Queue<Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>>> _scripts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>Each call: who was asked and the prompt it got.</summary>
    public List<(string Speaker, IReadOnlyList<ChatMessage> Prompt)> Calls { get; } = [];

    /// <summary>Each call: who was asked and the names of the tools it was offered.</summary>
    public List<(string Speaker, IReadOnlyList<string> Tools)> Offered { get; } = [];

    /// <summary>Completes when a call starts waiting on <see cref="Hold"/>.</summary>
    public TaskCompletionSource Waiting { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Speakers
    {
        get
        {
            lock (_lock)
            {
                return Calls.Select(c => c.Speaker).ToList();
            }
        }
    }

    public PanelModel Answer(string speaker, string text) => Enqueue(speaker, (_, _) => Task.FromResult(Text(text)));

    public PanelModel Handoff(string speaker, string to, string text = "") => Enqueue(speaker, (_, _) => Task.FromResult(new ChatResponse(
        new ChatMessage(ChatRole.Assistant, [new TextContent(text), new FunctionCallContent("call_" + to.Replace('/', '_'), "handoff", new Dictionary<string, object?> { ["to"] = to })]))
    {
        FinishReason = ChatFinishReason.ToolCalls,
    }));

    /// <summary>The next call of <paramref name="speaker"/> asks for the tool <paramref name="tool"/> with <paramref name="arguments"/>.</summary>
    public PanelModel CallTool(string speaker, string callId, string tool, Dictionary<string, object?>? arguments = null) => Enqueue(speaker, (_, _) => Task.FromResult(new ChatResponse(
        new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, tool, arguments ?? [])]))
    {
        FinishReason = ChatFinishReason.ToolCalls,
    }));

    /// <summary>The next call of <paramref name="speaker"/> throws.</summary>
    public PanelModel FailOnce(string speaker) =>
        Enqueue(speaker, (_, _) => Task.FromException<ChatResponse>(new InvalidOperationException($"{speaker} is broken once")));

    /// <summary>Every call of <paramref name="speaker"/> throws.</summary>
    public PanelModel Failing(string speaker)
    {
        lock (_lock)
        {
            _failing.Add(speaker);
        }

        return this;
    }

    /// <summary>The next call of <paramref name="speaker"/> waits until it is cancelled.</summary>
    public PanelModel Hold(string speaker)
    {
        Waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Waiting;
        return Enqueue(speaker, async (_, cancellationToken) =>
        {
            waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        var system = prompt.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? string.Empty;
        var speaker = system.Contains("You moderate", StringComparison.Ordinal) ? ModeratorKey
            : system.Contains("You route", StringComparison.Ordinal) ? RouterKey
            : RolePattern().Match(system).Groups[1].Value;
        Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>? answer = null;
        lock (_lock)
        {
            Calls.Add((speaker, prompt));
            Offered.Add((speaker, [.. (options?.Tools ?? []).Select(t => t.Name)]));
            if (_failing.Contains(speaker))
            {
                return Task.FromException<ChatResponse>(new InvalidOperationException($"{speaker} is broken"));
            }

            if (_scripts.TryGetValue(speaker, out var queue) && queue.Count > 0)
            {
                answer = queue.Dequeue();
            }
        }

        return answer is null ? Task.FromResult(Text($"{speaker[(speaker.IndexOf('/', StringComparison.Ordinal) + 1)..]} speaks")) : answer(prompt, cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public IChatClient Create(string name, ModelEntry model) => this;

    private static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop };

    private PanelModel Enqueue(string speaker, Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> answer)
    {
        lock (_lock)
        {
            if (!_scripts.TryGetValue(speaker, out var queue))
            {
                _scripts[speaker] = queue = new();
            }

            queue.Enqueue(answer);
        }

        return this;
    }

    [GeneratedRegex(@"You are (\S+) in panel")]
    private static partial Regex RolePattern();
}
