using ChatDb.Grains.Agents;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using AI = Microsoft.Extensions.AI;

namespace ChatDb.Grains.Panels;

/// <summary>
/// A speaking agent's own tools in a panel run, as in its own runs: the calls of one model answer run one by one
/// (<see cref="AgentToolInvoker"/>), each traced as <c>tool_called</c>; the calls and the results are two panel messages of
/// the agent's role holding them as structured parts, and the model is asked again, at most
/// <see cref="AgentRunGrain.MaxToolRounds"/> times in a row. A panel run has no session: a tool that reads one must be
/// given its id, and a tool that needs the user's approval is refused (nobody is asked during a panel run).
/// </summary>
public sealed partial class PanelRunGrain
{
    private AgentToolInvoker? _toolInvoker;

    private AgentToolInvoker ToolInvoker =>
        _toolInvoker ??= new AgentToolInvoker(ServiceProvider.GetRequiredService<IOptions<AgentToolOptions>>().Value, _time, _logger);

    /// <summary>The tools <paramref name="definition"/> lists, acting for the agent's owner; none costs nothing.</summary>
    private IReadOnlyList<AIFunction> ToolsOf(PanelAgent speaker, Agent definition) => definition.Tools.Count == 0
        ? []
        : ServiceProvider.GetRequiredService<AgentToolCatalog>().For(definition.Tools, GrainFactory, new AgentToolContext(speaker.UserId, null, _runId));

    /// <summary>Whether a panel message is an agent's tool traffic (calls or results) rather than something said in the panel.</summary>
    internal static bool IsToolTraffic(Models.ChatMessage message) =>
        message.Parts is { Count: > 0 } parts && parts.Any(p => p.Type is MessagePartTypes.ToolCall or MessagePartTypes.ToolResult);

    /// <summary>
    /// Appends <paramref name="calls"/> as the speaker's message, runs them, appends their results, and returns both as the
    /// prompt's next two messages.
    /// </summary>
    private async Task<(AI.ChatMessage Calls, AI.ChatMessage Results)> RunToolRoundAsync(
        PanelAgent speaker, Agent definition, IReadOnlyList<AIFunction> tools, IReadOnlyList<FunctionCallContent> calls, int turn, CancellationToken cancellationToken)
    {
        await AppendToolTrafficAsync(speaker, [.. calls.Select(AgentMessageConversions.ToPart)], turn);
        var results = new List<MessagePart>();
        var contents = new List<AIContent>();
        foreach (var call in calls)
        {
            AgentToolInvoker.Outcome outcome;
            if (definition.ApprovalRequired.Contains(call.Name, StringComparer.Ordinal))
            {
                var refused = $"tool '{call.Name}' needs the user's approval, which a panel run cannot ask for; it did not run.";
                outcome = new AgentToolInvoker.Outcome(AgentToolInvoker.ErrorResult(refused), AgentToolOutcomes.Rejected, 0, refused);
            }
            else
            {
                outcome = await ToolInvoker.InvokeAsync(tools, call, speaker.UserId, _runId, cancellationToken);
            }

            await TraceAsync(Event(PanelTraceKinds.ToolCalled, turn) with
            {
                Speaker = speaker.Role,
                Tool = call.Name,
                CallId = call.CallId,
                Arguments = ToolInvoker.ForTrace(call),
                Outcome = outcome.Kind,
                DurationMs = outcome.DurationMs,
                Error = outcome.Error,
            });
            results.Add(MessagePart.ToolResult(call.CallId, outcome.Result));
            contents.Add(new FunctionResultContent(call.CallId, outcome.Result));
        }

        await AppendToolTrafficAsync(speaker, results, turn);
        return (new AI.ChatMessage(ChatRole.Assistant, [.. calls]), new AI.ChatMessage(ChatRole.Tool, contents));
    }

    /// <summary>One message of the speaker's tool traffic: part of its turn, never a turn of its own.</summary>
    private async Task AppendToolTrafficAsync(PanelAgent speaker, IReadOnlyList<MessagePart> parts, int turn)
    {
        var message = await Panel.AddMessageAsync(new NewMessage { Role = speaker.Role, Parts = parts, Metadata = RunMetadata() });
        Appended(message);
        await TraceAsync(Event(PanelTraceKinds.MessageAppended, turn) with { Speaker = speaker.Role, Role = message.Role, MessageSeq = message.Seq });
    }
}
