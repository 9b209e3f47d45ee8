using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Grains.Tokens;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Agents;

/// <summary>
/// One run of a user's agent (key <c>{userId}/{agentId}/{runId}</c>) or of a global agent on the user's session (key
/// <c>{userId}/global/{agentId}/{runId}</c>): the record in state <c>run</c>, every step in the append-only log
/// <c>trace</c> (also published on <c>traces/{userId}</c> and <c>agent-runs/{run grain key}</c>). A run answered when it ends
/// is recorded by its trace alone: as it starts by the durable <c>run_started</c> event, as it ends by the durable end
/// event that carries the whole run. It writes a record file only when it waits for an approval (and then also at its
/// end); a queued run's record is written as it is queued and as it ends. A run found <c>running</c> (or queued, or
/// awaiting approval) at activation, in its record or, without one, in its trace, and whose trace does not end with its
/// end, was cut off by a crash and is marked failed.
/// </summary>
[FencedEntity]
[GrainType(AgentGrainTypes.AgentRun)]
public sealed partial class AgentRunGrain : Grain, IAgentRunGrain
{
    private readonly IPersistentState<AgentRun?> _run;
    private readonly IPersistentLog<AgentTraceEvent> _trace;
    private readonly ModelRegistry _models;
    private readonly ChatModuleSet _modules;
    private readonly IAgentChatClientFactory _clients;
    private readonly MessageTokenCounter _tokens;
    private readonly AgentTraceStreams _streams;
    private readonly EntityIdFormat _ids;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentRunGrain> _logger;
    private readonly ChatLimitsOptions _limits;
    private CancellationTokenSource? _cancel;
    private AgentRunKey _key;

    /// <summary>
    /// True when the run's record lives in its trace and not (yet) in a record file: from the durable start of a run
    /// answered when it ends, and at the activation of a run whose trace ends with its end. The record in memory is the
    /// run's, though no record file holds it.
    /// </summary>
    private bool _recordedInTrace;

    public AgentRunGrain(
        [PersistentState("run")] IPersistentState<AgentRun?> run,
        [PersistentLog("trace")] IPersistentLog<AgentTraceEvent> trace,
        ModelRegistry models,
        IAgentChatClientFactory clients,
        MessageTokenCounter tokens,
        AgentTraceStreams streams,
        EntityIdFormat ids,
        TimeProvider time,
        ILogger<AgentRunGrain> logger,
        ChatModuleSet modules,
        IOptions<ChatLimitsOptions> limits)
    {
        _limits = limits.Value;
        _modules = modules;
        _run = run;
        _trace = trace;
        _models = models;
        _clients = clients;
        _tokens = tokens;
        _streams = streams;
        _ids = ids;
        _time = time;
        _logger = logger;
    }

    /// <summary>The record, or null when none is stored and no run started here (the state object exists either way).</summary>
    private AgentRun? Current => _run.RecordExists || _recordedInTrace ? _run.State : null;

    private string Subject => _key.GlobalAgent
        ? $"run {_key.RunId} of global agent {_key.AgentId} by user {_key.UserId}"
        : $"run {_key.RunId} of agent {_key.AgentId} of user {_key.UserId}";

    /// <summary>The definition the run uses: the user's own agent, or the global one (whose run still acts only as the user).</summary>
    private IAgentGrain AgentGrain() =>
        GrainFactory.GetGrain<IAgentGrain>(_key.GlobalAgent ? ChatGrainKeys.GlobalAgent(_key.AgentId) : ChatGrainKeys.UserAgent(_key.UserId, _key.AgentId));

    /// <summary>Adds the run id to its list: the user's agent's, or the user's list of runs of the global agent.</summary>
    private Task RememberRunAsync() => _key.GlobalAgent
        ? GrainFactory.GetGrain<IGlobalAgentRunsGrain>(ChatGrainKeys.GlobalAgentRuns(_key.UserId, _key.AgentId)).OnRunCreatedAsync(_key.RunId)
        : AgentGrain().OnRunCreatedAsync(_key.RunId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ChatGrainKeys.ParseAgentRun(this.GetPrimaryKeyString());
        if (Current is not { } recorded || !IsEnded(recorded))
        {
            if (await EndedInTraceAsync() is { } ended)
            {
                // The trace's last event is the run's end: the run's record (the only one, or newer than a record file
                // whose own write a crash cut off).
                _run.State = ended;
                _recordedInTrace = true;
                return;
            }
        }

        if ((Current ?? await StartedInTraceAsync()) is { } interrupted && !IsEnded(interrupted))
        {
            // This activation did not start it, so the silo that ran it stopped before the run ended.
            AgentLog.RunInterrupted(_logger, _key.UserId, _key.AgentId, _key.RunId);
            const string error = "the silo stopped while the run was running; the session keeps what was appended before";
            await EndAsync(interrupted, AgentRunStatuses.Failed, AgentStopReasons.Interrupted, error);
        }
    }

    private static bool IsEnded(AgentRun run) =>
        run.Status is not (AgentRunStatuses.Running or AgentRunStatuses.Queued or AgentRunStatuses.AwaitingApproval);

    /// <summary>The run as its trace's last event recorded it, when that is the run's end (format 8 on); null otherwise.</summary>
    private async Task<AgentRun?> EndedInTraceAsync()
    {
        if (_trace.Count == 0)
        {
            return null;
        }

        var last = await _trace.ReadAsync(_trace.Count, 1);
        return last.Count == 1 && last[0].Value is { Kind: AgentTraceKinds.RunFinished or AgentTraceKinds.RunFailed or AgentTraceKinds.RunCancelled, Run: { } run }
            ? run
            : null;
    }

    /// <summary>
    /// The run as its trace's <c>run_started</c> event recorded it, when the trace has one and no record was stored: a
    /// run that writes its record when it ends, cut off before that. Null otherwise (and for a new run, whose trace is empty).
    /// </summary>
    private async Task<AgentRun?> StartedInTraceAsync()
    {
        if (_run.RecordExists || _trace.Count == 0)
        {
            return null;
        }

        // run_started is the first event of a run's trace; a start retried after a failed one adds another, later.
        const int Head = 16;
        var started = (await _trace.ReadAsync(1, Head)).Select(e => e.Value)
            .FirstOrDefault(e => e.Kind == AgentTraceKinds.RunStarted && e.SessionId is not null);
        return started is null ? null : new AgentRun
        {
            Id = _key.RunId,
            UserId = _key.UserId,
            AgentId = _key.AgentId,
            GlobalAgent = _key.GlobalAgent,
            AgentVersion = started.AgentVersion ?? 0,
            SessionId = started.SessionId!,
            Status = AgentRunStatuses.Running,
            Model = started.Model ?? string.Empty,
            StartedAt = started.At,
        };
    }

    public Task<AgentRun?> GetAsync() => Task.FromResult(Current);

    public async Task<IReadOnlyList<AgentTraceEvent>> GetTraceAsync()
    {
        var events = new List<AgentTraceEvent>();
        const int Page = 512;
        for (long next = 1; next <= _trace.Count; next += Page)
        {
            var page = await _trace.ReadAsync(next, Page);
            events.AddRange(page.Select(e => e.Value with { Seq = e.Sequence }));
            if (page.Count < Page)
            {
                break;
            }
        }

        return events;
    }

    public Task<AgentRun?> CancelAsync()
    {
        if (Current?.Status is AgentRunStatuses.Running or AgentRunStatuses.Queued or AgentRunStatuses.AwaitingApproval)
        {
            _cancel?.Cancel();
        }

        return Task.FromResult(Current);
    }

    public async Task DeleteAsync()
    {
        _cancel?.Cancel();
        await _trace.ClearAsync();
        await _run.ClearStateAsync();
        _recordedInTrace = false;
        DeactivateOnIdle();
    }

    /// <summary>Appends <paramref name="traceEvent"/> to the trace and publishes it; a failed publish is logged, never fatal.</summary>
    private async Task TraceAsync(AgentTraceEvent traceEvent) => await PublishAsync(await AppendTraceAsync(traceEvent));

    /// <summary>Appends <paramref name="traceEvent"/> to the trace (durably when its kind ends or pauses the run) without publishing it.</summary>
    private async Task<AgentTraceEvent> AppendTraceAsync(AgentTraceEvent traceEvent)
    {
        var stored = traceEvent with { At = ChatClock.Now(_time), Seq = _trace.Count + 1 };
        var seq = await _trace.AppendAsync([stored], DurabilityOf(traceEvent.Kind));
        return stored with { Seq = seq };
    }

    /// <summary>Tells the followers of the run about an appended event; a failed publish is logged, never fatal.</summary>
    private async Task PublishAsync(AgentTraceEvent stored)
    {
        SignalChange();
        try
        {
            await _streams.PublishAsync(_key, stored);
        }
        catch (Exception error)
        {
            AgentLog.TracePublishFailed(_logger, error, _key.UserId, _key.RunId, stored.Kind);
        }
    }

    /// <summary>
    /// The run's progress (its input's seq, usage and tool calls so far) in the record in memory, where GetAsync and the
    /// followers read it, without a write of its own: the next write of the record (a wait for approval, the run's end)
    /// stores it. A crash before that leaves the run as its start recorded it, running, and the next activation ends it
    /// as interrupted; the run was never acknowledged, and the session keeps what was appended.
    /// </summary>
    private void KeepProgress(AgentRun run) => _run.State = run;

    /// <summary>
    /// The steps of a run are written without an fsync each: the run's start (the record of a run answered when it
    /// ends), its end and a wait for approval (which may be long) are fsynced, and that covers every step written before
    /// it. A machine crash mid-run can lose the last steps; the start, durable, then makes the next activation end the
    /// run as interrupted.
    /// </summary>
    private static LogDurability DurabilityOf(string kind) => kind is AgentTraceKinds.RunStarted or AgentTraceKinds.RunFinished
        or AgentTraceKinds.RunFailed or AgentTraceKinds.RunCancelled or AgentTraceKinds.ApprovalRequested
        ? LogDurability.Durable
        : LogDurability.Deferred;

    private AgentTraceEvent Event(string kind) => new() { RunId = _key.RunId, AgentId = _key.AgentId, Kind = kind };

    private async Task<AgentRun> EndAsync(AgentRun run, string status, string stopReason, string? error)
    {
        var now = ChatClock.Now(_time);
        var ended = run with
        {
            Status = status,
            StopReason = stopReason,
            Error = error,
            FinishedAt = now,
            LatencyMs = (now - run.StartedAt).TotalMilliseconds,
        };
        var kind = status switch
        {
            AgentRunStatuses.Succeeded => AgentTraceKinds.RunFinished,
            AgentRunStatuses.Cancelled => AgentTraceKinds.RunCancelled,
            _ => AgentTraceKinds.RunFailed,
        };

        // The trace's end event carries the whole run: without a record file (a run answered when it ends that never
        // waited for an approval) it is the run's record, one fsync of one file. A run with a record file rewrites it
        // too, side by side with the event (their fsyncs go together); a crash between the two leaves the event the
        // newer, and the next activation reads the run from it. Should the record's write fail after the event was
        // appended, the run is not answered as ended, and the trace's next end event (the failure) follows it.
        var traced = AppendTraceAsync(Event(kind) with { StopReason = stopReason, Error = error, DurationMs = ended.LatencyMs, Run = ended });
        if (_run.RecordExists)
        {
            await Task.WhenAll(_run.WriteOrRevertAsync(ended), traced);
        }
        else
        {
            await traced;
            _run.State = ended;
            _recordedInTrace = true;
        }

        await PublishAsync(await traced);
        return ended;
    }
}
