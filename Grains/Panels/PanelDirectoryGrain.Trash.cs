using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Trash;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Panels;

/// <summary>Panels are global, so their trash is listed here; a restore is done by the panel's own grain.</summary>
public sealed partial class PanelDirectoryGrain
{
    public async Task<IReadOnlyList<TrashItem>> ListTrashAsync()
    {
        if (ServiceProvider.GetService<ITrashStore>() is not { } trash)
        {
            return [];
        }

        var entries = await trash.ListPanelsAsync();
        return [.. entries.Select(TrashItems.From)];
    }

    public Task<Panel> RestorePanelAsync(string panelId) =>
        GrainFactory.GetGrain<IPanelGrain>(_ids.Validate(GeneratedIdKind.Panel, panelId)).RestoreFromTrashAsync();
}
