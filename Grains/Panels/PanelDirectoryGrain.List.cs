using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Panels;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Panels;

/// <summary>
/// The panel list comes from the storage (<see cref="IPanelListing"/>), not from state of this grain: a panel exists
/// once its <c>panel.json</c> is durable, whichever silo, import or restore put it there, and each record is read
/// as stored, so no panel activation is needed to list it.
/// </summary>
public sealed partial class PanelDirectoryGrain
{
    public async Task<IReadOnlyList<Panel>> ListPanelsAsync(int? limit, int offset, string? type)
    {
        const string Subject = "panel list";
        var take = TextRules.ValidateLimit(limit, _limits.SessionListDefaultLimit, Subject);
        var skip = TextRules.ValidateOffset(offset, Subject);
        var wanted = type is null ? null : TextRules.Require(type, "panel type", TextRules.MaxNameLength, Subject);
        var listing = ServiceProvider.GetService<IPanelListing>()
            ?? throw new ConfigurationError("listing panels needs a storage provider that lists them, such as the flatfile provider (rule: panel-list-needs-listing).");

        var page = new List<Panel>(Math.Min(take, 256));
        var ids = await listing.ListPanelIdsAsync();
        for (var i = ids.Count - 1; i >= 0 && page.Count < take; i--)
        {
            if (await ReadListedAsync(listing, ids[i]) is not { } panel || (wanted is not null && panel.Type != wanted))
            {
                continue;
            }

            if (skip > 0)
            {
                skip--;
                continue;
            }

            page.Add(panel);
        }

        return page;
    }

    /// <summary>The stored panel, or null when it is gone, never finished, or unreadable (logged, not thrown: one bad file does not hide the rest).</summary>
    private async Task<Panel?> ReadListedAsync(IPanelListing listing, string panelId)
    {
        try
        {
            if (await listing.ReadPanelAsync(panelId) is not { } bytes)
            {
                return null;
            }

            var panel = JsonFiles.FromBytes<Panel>(bytes, $"panel.json of panel {panelId}");
            return panel.Id == panelId ? panel : null;
        }
        catch (IntegrityError error)
        {
            GrainLog.UnlistablePanel(_logger, error, panelId);
            return null;
        }
    }
}
