using System.Globalization;
using System.Text.Json;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using AI = Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents;

/// <summary>One turn: input, prompt, model (and tools), answer, record.</summary>
public sealed partial class AgentRunGrain
{
    /// <summary>Model calls that may ask for tools in one run; the next request for a tool ends the run (stop reason <c>tool_rounds</c>).</summary>
    public const int MaxToolRounds = 4;

    /// <summary>The longest input text, in characters.</summary>
    public const int MaxInputLength = 100_000;

    public async Task<AgentRun> RunAsync(AgentRunRequest request)
    {
        if (Current is { } existing)
        {
            return existing;
        }

        var start = await PrepareAsync(request, AgentRunStatuses.Running);
        return await ExecuteAsync(start);
    }

    public async Task<AgentRun> StartAsync(AgentRunRequest request)
    {
        if (Current is { } existing)
        {
            return existing;
        }

        var start = await PrepareAsync(request, AgentRunStatuses.Queued);

        // Not awaited: the call returns the queued run now, and the turn continues on this grain's scheduler once the
        // call's turn is over (GetAsync, CancelAsync and the follow methods interleave with it).
        _ = ExecuteQueuedAsync(start);
        return start.Run;
    }

    /// <summary>
    /// Checks the request, the agent and the session (a bad one is the caller's error, and nothing is recorded), then
    /// records the run with <paramref name="status"/>; a running run also gets its <c>run_started</c> event, and its input
    /// is appended to the session meanwhile.
    /// </summary>
    private async Task<RunStart> PrepareAsync(AgentRunRequest request, string status)
    {
        if (request is null)
        {
            throw new ValidationError($"{Subject}: the run request is missing.");
        }

        var sessionId = _ids.Validate(GeneratedIdKind.Session, request.SessionId);
        if (string.IsNullOrWhiteSpace(request.Input) || request.Input.Length > MaxInputLength)
        {
            throw new ValidationError($"{Subject}: input is rejected by rule 'not-empty-max-length': it must be 1 to {MaxInputLength} characters, not blank.");
        }

        // The agent's definition and the session's existence are independent reads: asked together, answered in turn,
        // so a missing agent is reported before a missing session, as when they were asked one after the other.
        var session = GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_key.UserId, sessionId));
        var definition = AgentGrain().GetAsync();
        var sessionCheck = session.GetAsync();
        try
        {
            await Task.WhenAll(definition, sessionCheck);
        }
        catch when (definition.IsCompletedSuccessfully && definition.Result is null)
        {
            // The session's error gives way to the agent's, below.
        }

        var agent = await definition ?? throw new NotFoundError($"{_key.AgentSubject} does not exist.");
        var model = _models.Get(agent.Model, _key.AgentSubject);
        await sessionCheck;

        var run = new AgentRun
        {
            Id = _key.RunId,
            UserId = _key.UserId,
            AgentId = _key.AgentId,
            GlobalAgent = _key.GlobalAgent,
            AgentVersion = agent.Version,
            SessionId = sessionId,
            Status = status,
            Model = agent.Model,
            StartedAt = ChatClock.Now(_time),
        };

        // From here the run exists: it can be followed and cancelled before its first step.
        _cancel = new CancellationTokenSource();
        _streamed = request.Stream == true;
        _live = true;
        Task<Models.ChatMessage>? input = null;
        try
        {
            if (status == AgentRunStatuses.Running)
            {
                // A run answered when it ends is recorded by its trace alone: as it starts by the first event (durable,
                // with the session and the agent version), as it ends by the last (with the whole run); a record file is
                // written only when it waits for an approval. The start event, the list entry and the input message are
                // in three files, so their fsyncs go together. A crash among them leaves a listed id whose run has no
                // trace (lists skip it), a trace not listed yet, or the input in the session without a run: the run was
                // not answered, and a retry with the same message id appends nothing twice.
                var started = AppendTraceAsync(Event(AgentTraceKinds.RunStarted) with { Model = agent.Model, SessionId = sessionId, AgentVersion = agent.Version });
                input = AppendInputAsync(session, request);
                await Task.WhenAll(started, RememberRunAsync());
                _run.State = run;
                _recordedInTrace = true;
                await PublishAsync(await started);
            }
            else
            {
                // A queued run is answered before it executes: its record is durable first, as is its list entry (side by side).
                await Task.WhenAll(_run.WriteOrRevertAsync(run), RememberRunAsync());
            }
        }
        catch
        {
            EndLive();
            if (input is not null)
            {
                // The run failed to start: its input's own outcome is of no more use (and must not go unobserved).
                _ = input.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            throw;
        }

        return new RunStart(run, agent, model, session, request, input);
    }

    /// <summary>Appends the run's input, the user's message, to the session.</summary>
    private Task<Models.ChatMessage> AppendInputAsync(ISessionGrain session, AgentRunRequest request) => session.AddMessageAsync(new NewMessage
    {
        Role = "user",
        Content = request.Input,
        Id = request.MessageId,
        Metadata = RunMetadata(),
    });

    /// <summary>A queued run: marked running, then executed; whatever fails on the way ends the run, never the grain.</summary>
    private async Task ExecuteQueuedAsync(RunStart start)
    {
        await Task.Yield();
        DelayDeactivation(QueuedRunHold);
        try
        {
            if (_cancel is not { IsCancellationRequested: false })
            {
                await EndAsync(start.Run, AgentRunStatuses.Cancelled, AgentStopReasons.Cancelled, null);
                return;
            }

            var running = start.Run with { Status = AgentRunStatuses.Running };
            await _run.WriteOrRevertAsync(running);
            await TraceAsync(Event(AgentTraceKinds.RunStarted) with { Model = start.Agent.Model, SessionId = start.Run.SessionId, AgentVersion = start.Run.AgentVersion });
            await ExecuteAsync(start with { Run = running });
        }
        catch (Exception error)
        {
            // Only a failing store gets here (the turn's own errors end the run); the record stays queued or running and
            // is marked interrupted at the next activation.
            AgentLog.QueuedRunFailed(_logger, error, _key.UserId, _key.AgentId, _key.RunId);
        }
        finally
        {
            EndLive();
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    /// <summary>The turn, ended as it went: succeeded or failed by the turn itself, cancelled, or failed by an error.</summary>
    private async Task<AgentRun> ExecuteAsync(RunStart start)
    {
        var (run, agent, model, session, request, _) = start;
        var cancel = _cancel ??= new CancellationTokenSource();
        using var activity = AgentTelemetry.StartRun(_key, run.SessionId, agent, model);
        try
        {
            AgentRun ended;
            try
            {
                ended = await TurnAsync(run, agent, model, session, start.Input ?? AppendInputAsync(session, request), cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                ended = await EndAsync(Current ?? run, AgentRunStatuses.Cancelled, AgentStopReasons.Cancelled, null);
            }
            catch (Exception error)
            {
                var reason = AgentModelCalls.FailureOf(error, agent.Model, model);
                AgentLog.RunFailed(_logger, _key.UserId, _key.AgentId, _key.RunId, reason);
                ended = await EndAsync(Current ?? run, AgentRunStatuses.Failed, AgentStopReasons.Error, reason);
            }

            AgentTelemetry.EndRun(activity, ended);
            return ended;
        }
        finally
        {
            EndLive();
        }
    }

    private async Task<AgentRun> TurnAsync(
        AgentRun run, Agent agent, ModelEntry model, ISessionGrain session, Task<Models.ChatMessage> appendedInput, CancellationToken cancellationToken)
    {
        var input = await appendedInput;
        run = run with { InputSeq = input.Seq };
        KeepProgress(run);
        await TraceAsync(Event(AgentTraceKinds.MessageAppended) with { Role = input.Role, MessageSeq = input.Seq });

        var prompt = await BuildPromptAsync(agent, model, session, run.SessionId, input);
        await TraceAsync(Event(AgentTraceKinds.PromptBuilt) with { Messages = prompt.Messages.Count, Tokens = prompt.Tokens });

        var client = _clients.Create(agent.Model, model);
        var tools = agent.Tools.Count > 0 && !await UsesModuleAsync(ChatModuleNames.ToolUse) ? (IReadOnlyList<AIFunction>)[] : ToolsFor(agent, run);
        var options = AgentModelCalls.Options(agent, model, tools);

        var messages = prompt.Messages.ToList();
        long promptTokens = prompt.Tokens;
        var usage = new AgentRunUsage(0, 0);
        var toolCalls = new List<AgentToolCall>();
        for (var round = 0; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (response, inputTokens, outputTokens) = await CallModelAsync(client, agent.Model, model, messages, promptTokens, options, cancellationToken);
            usage = new AgentRunUsage(usage.InputTokens + inputTokens, usage.OutputTokens + outputTokens);
            var calls = response.Messages.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).ToList();
            if (calls.Count == 0)
            {
                var text = response.Text;
                var answer = await session.AddMessageAsync(new NewMessage
                {
                    Role = "assistant",
                    Parts = [MessagePart.FromText(text)],
                    Metadata = RunMetadata(),
                });
                await TraceAsync(Event(AgentTraceKinds.MessageAppended) with { Role = answer.Role, MessageSeq = answer.Seq });
                await ExtractMemoriesAsync(agent, run.SessionId, input.Seq);
                var stop = response.FinishReason == ChatFinishReason.Length ? AgentStopReasons.Length : AgentStopReasons.Completed;
                var done = (Current ?? run) with { OutputSeq = answer.Seq, Message = answer, Usage = usage, ToolCalls = toolCalls };
                return await EndAsync(done, AgentRunStatuses.Succeeded, stop, null);
            }

            if (round >= MaxToolRounds)
            {
                var stopped = (Current ?? run) with { Usage = usage, ToolCalls = toolCalls };
                return await EndAsync(stopped, AgentRunStatuses.Failed, AgentStopReasons.ToolRounds,
                    $"the model asked for tools more than {MaxToolRounds} times in a row (rule: tool-rounds).");
            }

            var results = await RunToolCallsAsync(agent, tools, calls, toolCalls, cancellationToken);

            // The model's request and the tools' results go to the session together, in one durable write: a session
            // never holds a tool call without its result (which the next prompt built from it would need), and the
            // round waits for one fsync instead of two.
            var (callMessage, resultMessage) = await AddToolRoundAsync(session, calls, results);
            await TraceAsync(Event(AgentTraceKinds.MessageAppended) with { Role = callMessage.Role, MessageSeq = callMessage.Seq });
            await TraceAsync(Event(AgentTraceKinds.MessageAppended) with { Role = resultMessage.Role, MessageSeq = resultMessage.Seq });
            messages.Add(new AI.ChatMessage(ChatRole.Assistant, [.. calls]));
            messages.Add(AgentMessageConversions.ToAI(resultMessage));
            promptTokens += (callMessage.Tokens ?? _tokens.Count(callMessage)) + (resultMessage.Tokens ?? _tokens.Count(resultMessage));
            KeepProgress((Current ?? run) with { Usage = usage, ToolCalls = toolCalls.ToList() });
        }
    }

    /// <summary>Appends the assistant's tool calls and the tool message with their results, as one batch when the limits allow two.</summary>
    private async Task<(Models.ChatMessage Call, Models.ChatMessage Result)> AddToolRoundAsync(
        ISessionGrain session, IReadOnlyList<FunctionCallContent> calls, List<MessagePart> results)
    {
        var call = new NewMessage { Role = "assistant", Parts = [.. calls.Select(AgentMessageConversions.ToPart)], Metadata = RunMetadata() };
        var result = new NewMessage { Role = AgentMessageConversions.ToolRole, Parts = results, Metadata = RunMetadata() };
        if (_limits.MaxMessagesPerBatch < 2)
        {
            return (await session.AddMessageAsync(call), await session.AddMessageAsync(result));
        }

        var stored = await session.AddMessagesAsync([call, result]);
        return (stored[0], stored[1]);
    }

    private async Task<(ChatResponse Response, long InputTokens, long OutputTokens)> CallModelAsync(
        IChatClient client, string name, ModelEntry model, List<AI.ChatMessage> messages, long promptTokens, ChatOptions options, CancellationToken cancellationToken)
    {
        var call = await AgentModelCalls.CallAsync(client, model, messages, promptTokens, options, _tokens, _time, _streamed ? AddDelta : null, cancellationToken);
        await TraceAsync(Event(AgentTraceKinds.ModelCalled) with
        {
            Model = name,
            InputTokens = call.InputTokens,
            OutputTokens = call.OutputTokens,
            DurationMs = call.DurationMs,
            FinishReason = call.Response.FinishReason?.Value,
        });
        return (call.Response, call.InputTokens, call.OutputTokens);
    }

    private async Task<(IReadOnlyList<AI.ChatMessage> Messages, int Tokens)> BuildPromptAsync(
        Agent agent, ModelEntry model, ISessionGrain session, string sessionId, Models.ChatMessage input)
    {
        var instructions = await AgentModelCalls.InstructionsAsync(GrainFactory, _key.UserId, agent, _key.AgentSubject);

        var systemTokens = _tokens.Count(instructions, null);
        var budget = Math.Max(0, agent.HistoryTokens - systemTokens);

        // Recalled memories come out of the budget before the history, which gets what is left; the input is always in
        // the prompt, so the memories fit beside it.
        var inputTokens = input.Tokens ?? _tokens.Count(input);
        if (await RecallMemoriesAsync(agent, input, Math.Max(0, budget - inputTokens)) is { } memories)
        {
            instructions += "\n\n" + memories.Text;
            systemTokens += memories.Tokens;
            budget -= memories.Tokens;
        }

        // Retrieved document chunks come next, out of what the memories left.
        if (await RetrieveKnowledgeAsync(agent, sessionId, input, Math.Max(0, budget - inputTokens)) is { } knowledge)
        {
            instructions += "\n\n" + knowledge.Text;
            systemTokens += knowledge.Tokens;
            budget -= knowledge.Tokens;
        }

        var history = budget == 0 ? [] : (await session.GetMessagesAsync(new MessageQuery { FitTokens = budget })).ToList();

        // Older messages did not fit: the session's rolling summary (docs/MEMORY.md) stands in for them, its tokens
        // taken from the history's share, oldest messages first.
        if (history.Count > 0 && history[0].Seq > 1 && await session.GetContextAsync() is { SummarizedThroughSeq: { } through } context)
        {
            var note = string.Create(CultureInfo.InvariantCulture, $"Earlier in this conversation (summary of messages 1–{through}): {context.Summary}");
            var noteTokens = _tokens.Count(note, null);
            var historyTokens = history.Sum(m => (long)(m.Tokens ?? _tokens.Count(m)));
            while (history.Count > 0 && historyTokens + noteTokens > budget)
            {
                historyTokens -= history[0].Tokens ?? _tokens.Count(history[0]);
                history.RemoveAt(0);
            }

            instructions += "\n\n" + note;
            systemTokens += noteTokens;
        }

        if (history.Count == 0 || history[^1].Seq < input.Seq)
        {
            // The input is always in the prompt, even when it alone is over the budget.
            history = [.. history.Where(m => m.Seq < input.Seq), input];
        }

        var media = await PromptMediaAsync(model, session, history);
        List<AI.ChatMessage> messages = [new(ChatRole.System, instructions), .. history.Select(m => AgentMessageConversions.ToAI(m, media))];
        return (messages, systemTokens + history.Sum(m => m.Tokens ?? _tokens.Count(m)));
    }

    private Dictionary<string, JsonElement> RunMetadata() => new(StringComparer.Ordinal)
    {
        ["agent_id"] = JsonSerializer.SerializeToElement(_key.AgentId, AIJsonUtilities.DefaultOptions),
        ["run_id"] = JsonSerializer.SerializeToElement(_key.RunId, AIJsonUtilities.DefaultOptions),
    };
}
