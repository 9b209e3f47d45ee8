using ChatDb.Grains.Modules;
using ChatDb.Storage.Fencing;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Grains.Tokens;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Grains.Panels;

/// <summary>
/// One run of a panel (key <c>{panelId}/{runId}</c>): the record in state <c>run</c>, every step in the append-only log
/// <c>trace</c> (also published on <c>(multi-agent, {panelId})</c>). The record is written as the run starts, changes
/// status and ends; in between, the turns live in memory and each turn's one durable write is its panel message (which
/// carries the run's id). A record found queued or running at activation was cut off by a stopping silo: its input and
/// turns are found again in the panel's log, and it is marked failed (<see cref="PanelStopReasons.Interrupted"/>) with
/// exactly those turns, ready to be resumed.
/// </summary>
[GrainType(ChatGrainTypes.PanelRun)]
[FencedEntity]
public sealed partial class PanelRunGrain : Grain, IPanelRunGrain
{
    private readonly ChatModuleSet _modules;
    private readonly IPersistentState<PanelRun?> _run;
    private readonly IPersistentLog<PanelTraceEvent> _trace;
    private readonly ModelRegistry _models;
    private readonly IAgentChatClientFactory _clients;
    private readonly MessageTokenCounter _tokens;
    private readonly PanelRunStreams _streams;
    private readonly EntityIdFormat _ids;
    private readonly TimeProvider _time;
    private readonly ILogger<PanelRunGrain> _logger;
    private readonly SemaphoreSlim _traceGate = new(1, 1);
    private IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private string _panelId = string.Empty;
    private IPanelGrain? _panel;
    private string _runId = string.Empty;

    public PanelRunGrain(
        [PersistentState("run")] IPersistentState<PanelRun?> run,
        [PersistentLog("trace")] IPersistentLog<PanelTraceEvent> trace,
        ModelRegistry models,
        IAgentChatClientFactory clients,
        MessageTokenCounter tokens,
        PanelRunStreams streams,
        EntityIdFormat ids,
        TimeProvider time,
        ILogger<PanelRunGrain> logger,
        ChatModuleSet modules)
    {
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

    /// <summary>The record, or null when none is stored.</summary>
    private PanelRun? Current => _run.RecordExists ? _run.State : null;

    private string Subject => $"run {_runId} of panel {_panelId}";

    /// <summary>The run's panel; the reference is made once, as GetGrain resolves the interface's type by reflection each time.</summary>
    private IPanelGrain Panel => _panel ??= GrainFactory.GetGrain<IPanelGrain>(_panelId);

    /// <summary>The embedder of the router: the registered one, else the offline hashing embedder.</summary>
    private IEmbeddingGenerator<string, Embedding<float>> Embedder =>
        _embedder ??= ServiceProvider.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? new HashingEmbeddingGenerator();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_panelId, _runId) = ChatGrainKeys.ParsePanelRun(this.GetPrimaryKeyString(), _ids);
        if (Current is { Status: AgentRunStatuses.Running or AgentRunStatuses.Queued } interrupted)
        {
            // This activation did not start it, so the silo that ran it stopped before the run ended.
            interrupted = await RecoverFromPanelAsync(interrupted);
            PanelRunLog.RunInterrupted(_logger, _panelId, _runId, interrupted.Turns.Count);
            await EndAsync(interrupted, AgentRunStatuses.Failed, PanelStopReasons.Interrupted,
                $"the silo stopped while the run was running; its {interrupted.Turns.Count} completed turns are kept and POST .../resume continues it");
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A run still executing here is cut off, not cancelled: its record stays running and the next activation marks it
        // interrupted, as after a crash.
        _deactivating = true;
        _cancel?.Cancel();
        return Task.CompletedTask;
    }

    public Task<PanelRun?> GetAsync() => Task.FromResult(Current);

    public async Task<IReadOnlyList<PanelTraceEvent>> GetTraceAsync()
    {
        var events = new List<PanelTraceEvent>();
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

    public Task<PanelRun?> CancelAsync()
    {
        if (Current?.Status is AgentRunStatuses.Running or AgentRunStatuses.Queued)
        {
            _cancel?.Cancel();
        }

        return Task.FromResult(Current);
    }

    /// <summary>Appends <paramref name="traceEvent"/> to the trace and publishes it; a failed publish is logged, never fatal.</summary>
    private async Task TraceAsync(PanelTraceEvent traceEvent)
    {
        // Concurrent answers trace from parallel continuations: one append at a time keeps the seqs in order.
        await _traceGate.WaitAsync();
        PanelTraceEvent stored;
        try
        {
            stored = traceEvent with { At = ChatClock.Now(_time), Seq = _trace.Count + 1 };
            var seq = await _trace.AppendAsync([stored], DurabilityOf(traceEvent.Kind));
            stored = stored with { Seq = seq };
        }
        finally
        {
            _traceGate.Release();
        }

        SignalChange();
        try
        {
            await _streams.PublishAsync(_panelId, stored);
        }
        catch (Exception error)
        {
            PanelRunLog.TracePublishFailed(_logger, error, _panelId, _runId, traceEvent.Kind);
        }
    }

    /// <summary>As for agent runs: the end is fsynced, and covers the steps written before it.</summary>
    private static LogDurability DurabilityOf(string kind) => kind is PanelTraceKinds.RunFinished or PanelTraceKinds.RunFailed or PanelTraceKinds.RunCancelled
        ? LogDurability.Durable
        : LogDurability.Deferred;

    private PanelTraceEvent Event(string kind, int? turn = null) => new() { RunId = _runId, PanelId = _panelId, Kind = kind, Turn = turn };

    private async Task<PanelRun> EndAsync(PanelRun run, string status, string stopReason, string? error)
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
            AgentRunStatuses.Succeeded => PanelTraceKinds.RunFinished,
            AgentRunStatuses.Cancelled => PanelTraceKinds.RunCancelled,
            _ => PanelTraceKinds.RunFailed,
        };

        // The record and the trace's last event are two files: their writes wait for stable storage side by side.
        await Task.WhenAll(
            _run.WriteOrRevertAsync(ended),
            TraceAsync(Event(kind) with { StopReason = stopReason, Error = error, DurationMs = ended.LatencyMs }));
        return ended;
    }
}
