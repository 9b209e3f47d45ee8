using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Grains.Panels;

/// <summary>
/// Publishes panel run trace events on the panel's multi-agent stream <c>(multi-agent, {panelId})</c> of the chat stream
/// provider (<see cref="ChatStreams.DefaultProviderName"/>) when the silo has one; without one the trace is only persisted.
/// </summary>
public sealed class PanelRunStreams(IServiceProvider services)
{
    /// <summary>The stream namespace of panel runs' events; the key is the panel id.</summary>
    public const string Namespace = "multi-agent";

    private IStreamProvider? _provider;
    private bool _resolved;

    public async Task PublishAsync(string panelId, PanelTraceEvent traceEvent)
    {
        if (!_resolved)
        {
            // Resolved on first use: stream providers are created when the silo starts, after the grains are registered.
            _provider = services.GetKeyedService<IStreamProvider>(ChatStreams.DefaultProviderName);
            _resolved = true;
        }

        if (_provider is not null)
        {
            await _provider.GetStream<PanelTraceEvent>(StreamId.Create(Namespace, panelId)).OnNextAsync(traceEvent);
        }
    }
}
