using System.Text.Json;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tokens;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using Orleans;
using AI = Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents;

/// <summary>One model call of an agent, timed, with its usage (reported, or counted when the model reports none).</summary>
/// <param name="Response">The model's answer.</param>
/// <param name="InputTokens">Tokens in: reported, else the prompt counted in the configured encoding.</param>
/// <param name="OutputTokens">Tokens out: reported, else the answer counted.</param>
/// <param name="DurationMs">How long the call took.</param>
public sealed record AgentModelCall(ChatResponse Response, long InputTokens, long OutputTokens, double DurationMs);

/// <summary>
/// What every run of an agent does the same way, whether it runs on a session (<see cref="AgentRunGrain"/>) or speaks in a
/// panel (<c>PanelRunGrain</c>): the system instructions with the persona, the model options, and the model
/// call bounded by <c>Models:{name}:TimeoutSeconds</c> and traced as a <c>chat</c> activity.
/// </summary>
public static class AgentModelCalls
{
    /// <summary>
    /// The agent's instructions, with the persona's data when it names one: the user's own persona of that id, else the
    /// global one; NotFoundError when neither exists.
    /// </summary>
    public static async Task<string> InstructionsAsync(IGrainFactory grains, string userId, Agent agent, string agentSubject)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(agent);
        var instructions = agent.Instructions;
        if (agent.Persona is { } personaId)
        {
            var persona = await grains.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(userId, personaId)).GetAsync()
                ?? await grains.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona(personaId)).GetAsync()
                ?? throw new NotFoundError($"persona {personaId} of {agentSubject} exists neither for user {userId} nor globally.");
            instructions += $"\n\nPersona {persona.Id}: {JsonSerializer.Serialize(persona.Data, AIJsonUtilities.DefaultOptions)}";
        }

        return instructions;
    }

    /// <summary>The options of every call of <paramref name="agent"/>: its model id, temperature and output limit, and the tools offered.</summary>
    public static ChatOptions Options(Agent agent, ModelEntry model, IReadOnlyList<AITool> tools)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(model);
        return new ChatOptions
        {
            ModelId = model.Model,
            Temperature = agent.ModelOptions?.Temperature is { } temperature ? (float)temperature : null,
            MaxOutputTokens = agent.ModelOptions?.MaxOutputTokens,
            Tools = tools.Count == 0 ? null : [.. tools],
        };
    }

    /// <summary>
    /// Calls the model within its timeout (or <paramref name="cancellationToken"/>); <paramref name="stream"/>, when given,
    /// makes the call streamed and gets every piece of text as it arrives. <paramref name="promptTokens"/>, when given, is
    /// the prompt's size as counted while it was built (the messages' stored counts): the input usage of a model that
    /// reports none, instead of counting every message of the prompt again at each call.
    /// </summary>
    public static async Task<AgentModelCall> CallAsync(
        IChatClient client,
        ModelEntry model,
        IReadOnlyList<AI.ChatMessage> messages,
        long? promptTokens,
        ChatOptions options,
        MessageTokenCounter tokens,
        TimeProvider time,
        Action<string>? stream,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(time);
        using var activity = AgentTelemetry.StartModelCall(model);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(model.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = time.GetTimestamp();
        var response = stream is null
            ? await client.GetResponseAsync(messages, options, linked.Token)
            : await StreamAsync(client, messages, options, stream, linked.Token);
        var duration = time.GetElapsedTime(started).TotalMilliseconds;

        // Usage as the model reports it; a model that reports none (offline) is counted in the configured encoding.
        var inputTokens = response.Usage?.InputTokenCount ?? promptTokens ?? messages.Sum(m => (long)tokens.Count(m.Text, null));
        var outputTokens = response.Usage?.OutputTokenCount ?? tokens.Count(response.Text, null);
        AgentTelemetry.EndModelCall(activity, response, inputTokens, outputTokens);
        return new AgentModelCall(response, inputTokens, outputTokens, duration);
    }

    /// <summary>The error a run records for a model call that failed or did not answer in time.</summary>
    public static string FailureOf(Exception error, string modelName, ModelEntry model)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(model);
        return error is OperationCanceledException or TimeoutException
            ? $"model '{modelName}' did not answer within {model.TimeoutSeconds} s (Models:{modelName}:TimeoutSeconds)."
            : $"{error.GetType().Name}: {error.Message}";
    }

    private static async Task<ChatResponse> StreamAsync(
        IChatClient client, IReadOnlyList<AI.ChatMessage> messages, ChatOptions options, Action<string> stream, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
            if (update.Text is { Length: > 0 } text)
            {
                stream(text);
            }
        }

        return updates.ToChatResponse();
    }
}
