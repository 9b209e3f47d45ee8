using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Panels;

/// <summary>
/// Hands out panel ids. One activation (key <c>global</c>) serialises creation, so ids strictly
/// increase within it; across restarts an id is checked against the panel before use and skipped when
/// that panel exists, so no state of its own is needed. Lists panels too (PanelDirectoryGrain.List.cs).
/// </summary>
[GrainType(ChatGrainTypes.PanelDirectory)]
public sealed partial class PanelDirectoryGrain(EntityIdFormat ids, TimeProvider time, IOptions<ChatLimitsOptions> limits, ILogger<PanelDirectoryGrain> logger)
    : Grain, IPanelDirectoryGrain
{
    private readonly EntityIdFormat _ids = ids;
    private readonly ChatLimitsOptions _limits = limits.Value;
    private readonly ILogger<PanelDirectoryGrain> _logger = logger;
    private string? _lastIssuedId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ChatGrainKeys.ParsePanelDirectory(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<Panel> CreatePanelAsync(string type, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config) =>
        CreatePanelWithAgentsAsync(type, personas, null, config);

    public async Task<Panel> CreatePanelWithAgentsAsync(string type, IReadOnlyList<string>? personas, IReadOnlyList<PanelAgent>? agents, Dictionary<string, JsonElement>? config)
    {
        while (true)
        {
            var panelId = ChatClock.NextId(_ids, GeneratedIdKind.Panel, time, _lastIssuedId);
            _lastIssuedId = panelId;
            var panel = GrainFactory.GetGrain<IPanelGrain>(panelId);
            if (await panel.GetAsync() is null)
            {
                return await panel.CreateWithAgentsAsync(type, personas, agents, config);
            }
        }
    }
}
