using ChatDb.Grains.Modules;
using System.Globalization;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Orleans.Storage;

namespace ChatDb.Grains.Panels;

/// <summary>Starting, resuming and ending a run: checks, the record, and the turns executed to an end status.</summary>
public sealed partial class PanelRunGrain
{
    /// <summary>The longest input text, in characters (as an agent run's).</summary>
    public const int MaxInputLength = 100_000;

    /// <summary>The longest stop phrase, in characters.</summary>
    public const int MaxStopPhraseLength = 1_000;

    /// <summary>Agent turns of a run that names none.</summary>
    public const int DefaultMaxTurns = 5;

    public async Task<PanelRun> RunAsync(PanelRunRequest request)
    {
        if (Current is { } existing)
        {
            return existing;
        }

        var run = await PrepareAsync(request, AgentRunStatuses.Running);
        return await ExecuteAsync(run);
    }

    public async Task<PanelRun> StartAsync(PanelRunRequest request)
    {
        if (Current is { } existing)
        {
            return existing;
        }

        var run = await PrepareAsync(request, AgentRunStatuses.Queued);

        // Not awaited: the call answers with the queued run now and the turns continue on this grain's scheduler.
        _ = ExecuteInBackgroundAsync(run);
        return run;
    }

    public async Task<PanelRun> ResumeAsync()
    {
        var run = Current ?? throw new NotFoundError($"{Subject} does not exist.");
        if (run.Status is not (AgentRunStatuses.Failed or AgentRunStatuses.Cancelled))
        {
            throw new InconsistentStateException($"{Subject} is {run.Status}; only a failed or cancelled run can be resumed.");
        }

        _ = await Panel.GetAsync() ?? throw new NotFoundError($"panel {_panelId} does not exist.");
        BeginLive();
        var resumed = run with
        {
            Status = AgentRunStatuses.Running,
            StopReason = null,
            Error = null,
            FinishedAt = null,
            LatencyMs = null,
            Resumes = run.Resumes + 1,
        };
        try
        {
            await _run.WriteOrRevertAsync(resumed);
            await TraceAsync(Event(PanelTraceKinds.RunResumed) with
            {
                Reason = string.Create(CultureInfo.InvariantCulture, $"continues after turn {run.Turns.Count} (was {run.Status}: {run.StopReason})"),
            });
        }
        catch
        {
            EndLive();
            throw;
        }

        _ = ExecuteInBackgroundAsync(resumed);
        return resumed;
    }

    /// <summary>
    /// Checks the request, the panel and the named agents (a bad one is the caller's error and nothing is recorded), then
    /// records the run with <paramref name="status"/>.
    /// </summary>
    private async Task<PanelRun> PrepareAsync(PanelRunRequest request, string status)
    {
        if (request is null)
        {
            throw new ValidationError($"{Subject}: the run request is missing.");
        }

        if (string.IsNullOrWhiteSpace(request.Input) || request.Input.Length > MaxInputLength)
        {
            throw new ValidationError($"{Subject}: input is rejected by rule 'not-empty-max-length': it must be 1 to {MaxInputLength} characters, not blank.");
        }

        if (request.Strategy is null || !PanelStrategies.All.Contains(request.Strategy, StringComparer.Ordinal))
        {
            throw new ValidationError(
                $"{Subject}: strategy {IdText.Escape(request.Strategy ?? "(none)")} is rejected by rule 'known-strategy': it must be one of {string.Join(", ", PanelStrategies.All)}.");
        }

        // Router and selector are the topic_router module's; while it is off, only the other strategies run.
        if (TopicRouterModule.Strategies.Contains(request.Strategy, StringComparer.Ordinal))
        {
            _modules.EnsureEnabled(ChatModuleNames.TopicRouter);
        }

        if (request.MaxTurns is { } maxTurns && (maxTurns < 1 || maxTurns > PanelRun.MaxMaxTurns))
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{Subject}: maxTurns {maxTurns} is rejected by rule 'range': it must be 1 to {PanelRun.MaxMaxTurns}."));
        }

        if (request.TokenBudget is < 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{Subject}: tokenBudget {request.TokenBudget} is rejected by rule 'from-1'."));
        }

        if (request.StopPhrase is { } phrase && (string.IsNullOrWhiteSpace(phrase) || phrase.Length > MaxStopPhraseLength))
        {
            throw new ValidationError($"{Subject}: stopPhrase is rejected by rule 'not-empty-max-length': it must be 1 to {MaxStopPhraseLength} characters, not blank.");
        }

        if (request.RouterModel is { } routerModel)
        {
            CheckRouterModel(request.Strategy, routerModel);
        }

        var panel = await Panel.GetAsync() ?? throw new NotFoundError($"panel {_panelId} does not exist.");
        if (panel.Agents is not { Count: > 0 })
        {
            throw new ValidationError($"{Subject}: panel {_panelId} has no agents to run (rule: panel-agents); create it with agents: [{{userId, agentId}}].");
        }

        var moderator = await NamedAgentAsync(request.Moderator, "moderator");
        if (request.Strategy == PanelStrategies.Selector && moderator is null)
        {
            throw new ValidationError($"{Subject}: strategy selector needs a moderator, {{userId}}/{{agentId}} of an agent (rule: required).");
        }

        var aggregator = await NamedAgentAsync(request.Aggregator, "aggregator");
        if (aggregator is not null && !panel.Agents.Contains(aggregator))
        {
            // The merged answer is the aggregator's turn in the panel, so it speaks with a role of the panel.
            throw new ValidationError($"{Subject}: aggregator {IdText.Escape(aggregator.Role)} is rejected by rule 'panel-agent': it must be one of the panel's agents "
                + $"({string.Join(", ", panel.AgentRoles())}).");
        }

        var run = new PanelRun
        {
            Id = _runId,
            PanelId = _panelId,
            Status = status,
            Strategy = request.Strategy,
            Input = request.Input,
            MessageId = request.MessageId,
            MaxTurns = request.MaxTurns ?? DefaultMaxTurns,
            Moderator = moderator?.Role,
            Aggregator = request.Strategy == PanelStrategies.Concurrent ? (aggregator ?? panel.Agents[0]).Role : aggregator?.Role,
            RouterModel = request.RouterModel,
            StopPhrase = request.StopPhrase,
            TokenBudget = request.TokenBudget,
            StartedAt = ChatClock.Now(_time),
        };

        // From here the run exists: it can be followed and cancelled before its first step.
        BeginLive();
        try
        {
            // The panel lists only the runs that have a record, so the two writes need no order between them.
            await Task.WhenAll(_run.WriteOrRevertAsync(run), Panel.OnRunCreatedAsync(_runId));
            if (status == AgentRunStatuses.Running)
            {
                await TraceAsync(Event(PanelTraceKinds.RunStarted) with { Reason = $"strategy {run.Strategy}" });
            }
        }
        catch
        {
            EndLive();
            throw;
        }

        return run;
    }

    /// <summary>The request's <c>routerModel</c>: only for strategy router, and a chat model of the silo's models.</summary>
    private void CheckRouterModel(string strategy, string routerModel)
    {
        if (strategy != PanelStrategies.Router)
        {
            throw new ValidationError($"{Subject}: routerModel is rejected by rule 'router-only': only strategy {PanelStrategies.Router} asks a model for the speaker, not {strategy}.");
        }

        var entry = _models.Get(routerModel, $"{Subject}: routerModel");
        if (entry.Kind != ModelKinds.Chat)
        {
            throw new ValidationError(
                $"{Subject}: routerModel '{routerModel}' is of kind '{entry.Kind}' (rule: chat-model); the router needs a model of kind '{ModelKinds.Chat}'.");
        }
    }

    /// <summary>An agent named <c>{userId}/{agentId}</c> in the request: the ids checked and the agent found; null when not named.</summary>
    private async Task<PanelAgent?> NamedAgentAsync(string? role, string field)
    {
        if (role is null)
        {
            return null;
        }

        var agent = PanelAgent.FromRole(role)
            ?? throw new ValidationError($"{Subject}: {field} {IdText.Escape(role)} is rejected by rule 'agent-role': it must be {{userId}}/{{agentId}}.");
        var checkedAgent = new PanelAgent(EntityIdValidator.Validate(agent.UserId, $"user id of the {field}"), ChatGrainKeys.AgentId(agent.AgentId));
        _ = await GrainFactory.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(checkedAgent.UserId, checkedAgent.AgentId)).GetAsync()
            ?? throw new NotFoundError($"{Subject}: {field} agent {checkedAgent.AgentId} of user {checkedAgent.UserId} does not exist.");
        return checkedAgent;
    }

    /// <summary>A queued or resumed run, executed without a caller; whatever fails on the way ends the run, never the grain.</summary>
    private async Task ExecuteInBackgroundAsync(PanelRun run)
    {
        await Task.Yield();
        DelayDeactivation(RunHold);
        try
        {
            if (run.Status == AgentRunStatuses.Queued)
            {
                if (_cancel is not { IsCancellationRequested: false })
                {
                    await EndAsync(run, AgentRunStatuses.Cancelled, PanelStopReasons.Cancelled, null);
                    return;
                }

                run = run with { Status = AgentRunStatuses.Running };
                await _run.WriteOrRevertAsync(run);
                await TraceAsync(Event(PanelTraceKinds.RunStarted) with { Reason = $"strategy {run.Strategy}" });
            }

            await ExecuteAsync(run);
        }
        catch (Exception error) when (!_deactivating)
        {
            // Only a failing store gets here; the record stays running and is marked interrupted at the next activation.
            PanelRunLog.BackgroundRunFailed(_logger, error, _panelId, _runId);
        }
        catch (Exception)
        {
            // The activation is going away (a stopping silo): the record stays running, and the next activation marks it
            // interrupted with its turns kept.
        }
        finally
        {
            EndLive();
            if (!_deactivating)
            {
                DelayDeactivation(TimeSpan.Zero);
            }
        }
    }

    /// <summary>The turns, ended as they went: by the strategy or a termination rule, cancelled, or failed by an error.</summary>
    private async Task<PanelRun> ExecuteAsync(PanelRun run)
    {
        var cancel = _cancel ??= new CancellationTokenSource();
        try
        {
            return await TurnsAsync(run, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !_deactivating)
        {
            return await EndAsync(Current ?? run, AgentRunStatuses.Cancelled, PanelStopReasons.Cancelled, null);
        }
        catch (Exception error) when (!_deactivating)
        {
            var reason = $"{error.GetType().Name}: {error.Message}";
            PanelRunLog.RunFailed(_logger, _panelId, _runId, reason);
            return await EndAsync(Current ?? run, AgentRunStatuses.Failed, PanelStopReasons.Error, reason);
        }
        finally
        {
            EndLive();
        }
    }
}
