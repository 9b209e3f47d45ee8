using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using AI = Microsoft.Extensions.AI;

namespace ChatDb.Grains.Panels;

/// <summary>The strategies that decide: router (embedding similarity, or a router model), selector (a moderator agent) and concurrent (all, then an aggregator).</summary>
public sealed partial class PanelRunGrain
{
    /// <summary>What a moderator answers to end the discussion.</summary>
    public const string ModeratorDone = "DONE";

    private readonly Dictionary<string, ReadOnlyMemory<float>> _descriptionVectors = new(StringComparer.Ordinal);

    /// <summary>
    /// router: the agent whose description (else name, else id) is nearest the newest message; the agent that just spoke and
    /// those that failed in a row are left out while another is left. Ties go to the earlier agent of the panel. With a router
    /// model, that model chooses among the same agents (<see cref="AskRouterModelAsync"/>); an answer naming none of them, or a
    /// call that fails, falls back to the embedding choice with a trace event.
    /// </summary>
    private async Task<(SpeakerChoice Choice, PanelRun Run)> RouteAsync(
        PanelRun run, IReadOnlyList<PanelAgent> agents, PanelAgent? previous, string text, List<PanelAgent> failed, int turn, CancellationToken cancellationToken)
    {
        var candidates = agents.Where(a => a != previous && !failed.Contains(a)).ToList();
        if (candidates.Count == 0)
        {
            candidates = agents.Where(a => !failed.Contains(a)).ToList();
        }

        if (candidates.Count == 0)
        {
            candidates = [.. agents];
        }

        string? fallbackWhy = null;
        string? fallbackError = null;
        if (run.RouterModel is { } modelName)
        {
            try
            {
                var call = await AskRouterModelAsync(modelName, candidates, text, turn, cancellationToken);
                run = AddUsage(run, call.InputTokens, call.OutputTokens);
                var answer = FirstLine(call.Response.Text);
                if (ExactlyNamed(answer, candidates) is { } chosen)
                {
                    return (new SpeakerChoice(chosen, $"router: model {modelName} chose {chosen.Role}"), run);
                }

                var shown = answer.Length > 200 ? answer[..200] + "..." : answer;
                fallbackWhy = $"model {modelName} answered \"{shown}\", which names no agent it could choose";
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                fallbackWhy = $"model {modelName} failed";
                fallbackError = Describe(error);
            }
        }

        var (best, bestScore) = await NearestAsync(candidates, text, cancellationToken);
        var similarity = $"its description is nearest the newest message (similarity {Percent(bestScore)})";
        if (fallbackWhy is null)
        {
            return (new SpeakerChoice(best, $"router: {similarity}", Math.Round(bestScore, 6)), run);
        }

        await TraceAsync(Event(PanelTraceKinds.SelectionFallback, turn) with
        {
            Speaker = best.Role,
            Reason = $"{fallbackWhy}; the embedding choice",
            Error = fallbackError,
            Model = run.RouterModel,
        });
        return (new SpeakerChoice(best, $"router: {fallbackWhy}; embedding fallback: {similarity}", Math.Round(bestScore, 6)), run);
    }

    /// <summary>The candidate whose description vector is nearest <paramref name="text"/>'s (cosine), and that similarity.</summary>
    private async Task<(PanelAgent Agent, double Score)> NearestAsync(List<PanelAgent> candidates, string text, CancellationToken cancellationToken)
    {
        var message = await Embedder.GenerateAsync([text], cancellationToken: cancellationToken);
        var query = message[0].Vector;
        PanelAgent best = candidates[0];
        var bestScore = double.NegativeInfinity;
        foreach (var candidate in candidates)
        {
            var vector = await DescriptionVectorAsync(candidate, cancellationToken);
            var score = vector.Length == query.Length ? TensorPrimitives.CosineSimilarity(query.Span, vector.Span) : 0;
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return (best, bestScore);
    }

    /// <summary>
    /// Asks the router model which of <paramref name="candidates"/> answers <paramref name="text"/>: a system message listing
    /// their ids and descriptions, the newest message as the user's; the answer is meant to be one id.
    /// </summary>
    private async Task<Agents.AgentModelCall> AskRouterModelAsync(
        string modelName, IReadOnlyList<PanelAgent> candidates, string text, int turn, CancellationToken cancellationToken)
    {
        var model = _models.Get(modelName, $"{Subject}: routerModel");
        var instructions = $"You route the messages of panel {_panelId} to the one agent best suited to answer next. The agents (id: description):\n"
            + $"{await RosterAsync(candidates)}\nAnswer with the id of one agent and nothing else.";
        List<AI.ChatMessage> prompt = [new(ChatRole.System, instructions), new(ChatRole.User, text)];
        var call = await Agents.AgentModelCalls.CallAsync(
            _clients.Create(modelName, model), model, prompt, null, new ChatOptions { ModelId = model.Model }, _tokens, _time, null, cancellationToken);
        await TraceAsync(Event(PanelTraceKinds.ModelCalled, turn) with
        {
            Model = modelName,
            InputTokens = call.InputTokens,
            OutputTokens = call.OutputTokens,
            DurationMs = call.DurationMs,
        });
        return call;
    }

    /// <summary>The first line of a model's answer that is not blank, trimmed.</summary>
    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;

    private async Task<ReadOnlyMemory<float>> DescriptionVectorAsync(PanelAgent agent, CancellationToken cancellationToken)
    {
        if (!_descriptionVectors.TryGetValue(agent.Role, out var vector))
        {
            var definition = await GrainFactory.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(agent.UserId, agent.AgentId)).GetAsync();
            var description = definition?.Description ?? definition?.Name ?? agent.AgentId;
            vector = (await Embedder.GenerateAsync([description], cancellationToken: cancellationToken))[0].Vector;
            _descriptionVectors[agent.Role] = vector;
        }

        return vector;
    }

    /// <summary>
    /// selector: the moderator reads the conversation and names the next speaker (its role or agent id) or answers
    /// <see cref="ModeratorDone"/>. An answer naming nobody, or a moderator that fails, falls back to round robin with a trace event.
    /// </summary>
    private async Task<(SpeakerChoice Choice, PanelRun Run)> SelectAsync(
        PanelRun run, IReadOnlyList<PanelAgent> agents, PanelAgent? previous, int turn, CancellationToken cancellationToken)
    {
        var moderator = PanelAgent.FromRole(run.Moderator)!;
        var roster = await RosterAsync(agents);
        var note = $"You moderate panel {_panelId}. Its agents:\n{roster}\nAnswer with the role of the agent who should speak next, and nothing else; "
            + $"answer {ModeratorDone} when the discussion has reached its end.";
        string answer;
        try
        {
            var call = await CallAgentAsync(moderator, note, agents, tools: [], turn, speaks: false, cancellationToken);
            run = AddUsage(run, call.InputTokens, call.OutputTokens);
            answer = call.Response.Text.Trim();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            await TraceAsync(Event(PanelTraceKinds.ParticipantFailed, turn) with { Speaker = moderator.Role, Error = Describe(error) });
            var fallback = NextInOrder(agents, previous);
            await TraceAsync(Event(PanelTraceKinds.SelectionFallback, turn) with { Speaker = fallback.Role, Reason = "the moderator failed; round robin" });
            return (new SpeakerChoice(fallback, $"round robin after the moderator failed"), run);
        }

        if (NamedIn(answer, agents) is { } named)
        {
            return (new SpeakerChoice(named, $"selector: moderator {moderator.Role} chose it"), run);
        }

        if (Regex.IsMatch(answer, $@"\b{ModeratorDone}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            await TraceAsync(Event(PanelTraceKinds.SpeakerSelected, turn) with { Speaker = moderator.Role, Reason = $"selector: moderator {moderator.Role} ended the discussion" });
            return (new SpeakerChoice(null, "moderator ended the discussion", EndsRun: true), run);
        }

        var next = NextInOrder(agents, previous);
        var shown = answer.Length > 200 ? answer[..200] + "..." : answer;
        await TraceAsync(Event(PanelTraceKinds.SelectionFallback, turn) with
        {
            Speaker = next.Role,
            Reason = $"the moderator's answer \"{shown}\" names no agent of the panel; round robin",
        });
        return (new SpeakerChoice(next, "round robin after the moderator named no agent"), run);
    }

    /// <summary>The agent a text names: exactly its role or id first, then the first role or id it mentions as a word.</summary>
    private static PanelAgent? NamedIn(string text, IReadOnlyList<PanelAgent> agents)
    {
        if (ExactlyNamed(text, agents) is { } exact)
        {
            return exact;
        }

        return agents
            .Select(a => (Agent: a, At: FirstWord(text, a.Role) is var byRole and >= 0 ? byRole : FirstWord(text, a.AgentId)))
            .Where(m => m.At >= 0)
            .OrderBy(m => m.At)
            .Select(m => m.Agent)
            .FirstOrDefault();
    }

    /// <summary>The agent whose role or id the text is, ignoring case, surrounding blanks, quotes and a final period; null for none.</summary>
    private static PanelAgent? ExactlyNamed(string text, IReadOnlyList<PanelAgent> agents)
    {
        var trimmed = text.Trim().Trim('"', '\'', '`', '.', ' ');
        return agents.FirstOrDefault(a => string.Equals(a.Role, trimmed, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a.AgentId, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Where <paramref name="word"/> first stands in <paramref name="text"/> as a whole word (ignoring case); -1 when it does not.</summary>
    private static int FirstWord(string text, string word)
    {
        var match = Regex.Match(text, $@"(?<![\w/-]){Regex.Escape(word)}(?![\w/-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Index : -1;
    }

    /// <summary>One line per agent, <c>- {role}: {description}</c>, as the moderator and the router model read them.</summary>
    private async Task<string> RosterAsync(IReadOnlyList<PanelAgent> agents) =>
        string.Join("\n", await Task.WhenAll(agents.Select(async a => $"- {a.Role}: {await DescriptionOfAsync(a)}")));

    private async Task<string> DescriptionOfAsync(PanelAgent agent)
    {
        var definition = await GrainFactory.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(agent.UserId, agent.AgentId)).GetAsync();
        return definition?.Description ?? definition?.Name ?? agent.AgentId;
    }

    /// <summary>
    /// concurrent: every agent that has not answered yet answers the conversation as it stands, all at once; the answers are
    /// appended in panel order, then the aggregator merges them. After a resume only the missing answers (and the merge) are made.
    /// </summary>
    private async Task<PanelRun> ConcurrentAsync(PanelRun run, IReadOnlyList<PanelAgent> agents, CancellationToken cancellationToken)
    {
        var aggregator = PanelAgent.FromRole(run.Aggregator)!;
        var answered = run.Turns.Select(t => t.Role).ToHashSet(StringComparer.Ordinal);
        var pending = agents.Where(a => !answered.Contains(a.Role)).ToList();
        var turn = run.Turns.Count;
        foreach (var agent in pending)
        {
            await TraceAsync(Event(PanelTraceKinds.SpeakerSelected, turn + 1) with { Speaker = agent.Role, Reason = "concurrent: every agent answers the input" });
        }

        var calls = await Task.WhenAll(pending.Select(async agent =>
        {
            try
            {
                return (Agent: agent, Call: await CallAgentAsync(agent, null, agents, tools: [], turn + 1, speaks: true, cancellationToken), Error: (Exception?)null);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                return (Agent: agent, Call: (Agents.AgentModelCall?)null, Error: error);
            }
        }));
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (agent, call, error) in calls)
        {
            if (call is null)
            {
                await TraceAsync(Event(PanelTraceKinds.ParticipantFailed, turn + 1) with { Speaker = agent.Role, Error = Describe(error!) });
                continue;
            }

            run = AddUsage(run, call.InputTokens, call.OutputTokens);
            (_, run) = await AppendTurnAsync(run, agent, call.Response.Text, "concurrent: answers the input with the others", run.Turns.Count + 1);
        }

        var answers = run.Turns.Count;
        if (answers == 0)
        {
            return await EndAsync(run, AgentRunStatuses.Failed, PanelStopReasons.Error, "every agent of the panel failed to answer; see the trace.");
        }

        var mergeTurn = run.Turns.Count + 1;
        var reason = $"aggregator: merges {answers} answers";
        await TraceAsync(Event(PanelTraceKinds.SpeakerSelected, mergeTurn) with { Speaker = aggregator.Role, Reason = reason });
        Agents.AgentModelCall merged;
        try
        {
            merged = await CallAgentAsync(aggregator, "Merge the panel's answers to the user's message above into one answer.", agents, tools: [], mergeTurn, speaks: true, cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            await TraceAsync(Event(PanelTraceKinds.ParticipantFailed, mergeTurn) with { Speaker = aggregator.Role, Error = Describe(error) });
            return await EndAsync(run, AgentRunStatuses.Failed, PanelStopReasons.Error,
                $"the aggregator {aggregator.Role} failed ({Describe(error)}); the {answers} answers are kept, POST .../resume retries the merge.");
        }

        run = AddUsage(run, merged.InputTokens, merged.OutputTokens);
        (_, run) = await AppendTurnAsync(run, aggregator, merged.Response.Text, reason, mergeTurn);
        return await EndAsync(run, AgentRunStatuses.Succeeded, PanelStopReasons.Completed, null);
    }
}
