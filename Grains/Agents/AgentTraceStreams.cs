using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Grains.Agents;

/// <summary>
/// Publishes trace events on the stream <c>(traces, {userId})</c> of the chat stream provider
/// (<see cref="ChatStreams.DefaultProviderName"/>) when the silo has one; without it the trace is only persisted.
/// </summary>
public sealed class AgentTraceStreams(IServiceProvider services)
{
    /// <summary>The stream namespace of trace events; the key is the user id.</summary>
    public const string Namespace = "traces";

    private IStreamProvider? _provider;
    private bool _resolved;

    public async Task PublishAsync(string userId, AgentTraceEvent traceEvent)
    {
        if (!_resolved)
        {
            // Resolved on first use: stream providers are created when the silo starts, after the grains are registered.
            _provider = services.GetKeyedService<IStreamProvider>(ChatStreams.DefaultProviderName);
            _resolved = true;
        }

        if (_provider is not null)
        {
            await _provider.GetStream<AgentTraceEvent>(StreamId.Create(Namespace, userId)).OnNextAsync(traceEvent);
        }
    }
}
