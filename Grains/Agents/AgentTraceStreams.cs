using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Grains.Agents;

/// <summary>
/// Publishes trace events of the chat stream provider (<see cref="ChatStreams.DefaultProviderName"/>) when the silo has
/// one, on two streams: the user's <c>(traces, {userId})</c> with the events of all their runs, and the run's own
/// <c>(agent-runs, {run grain key})</c>. Without a provider the trace is only persisted.
/// </summary>
public sealed class AgentTraceStreams(IServiceProvider services)
{
    /// <summary>The stream namespace of a user's trace events; the key is the user id.</summary>
    public const string Namespace = "traces";

    /// <summary>The stream namespace of one run's trace events; the key is the run grain's key (<see cref="ChatGrainKeys.AgentRun(AgentRunKey)"/>).</summary>
    public const string RunNamespace = "agent-runs";

    private IStreamProvider? _provider;
    private bool _resolved;

    public async Task PublishAsync(AgentRunKey run, AgentTraceEvent traceEvent)
    {
        if (!_resolved)
        {
            // Resolved on first use: stream providers are created when the silo starts, after the grains are registered.
            _provider = services.GetKeyedService<IStreamProvider>(ChatStreams.DefaultProviderName);
            _resolved = true;
        }

        if (_provider is not null)
        {
            await _provider.GetStream<AgentTraceEvent>(StreamId.Create(Namespace, run.UserId)).OnNextAsync(traceEvent);
            await _provider.GetStream<AgentTraceEvent>(StreamId.Create(RunNamespace, RunKey(run))).OnNextAsync(traceEvent);
        }
    }

    /// <summary>The key of a run's stream.</summary>
    public static string RunKey(AgentRunKey run) => ChatGrainKeys.AgentRun(run);
}
