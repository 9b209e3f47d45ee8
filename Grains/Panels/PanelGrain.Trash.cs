using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Trash;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Storage;

namespace ChatDb.Grains.Panels;

/// <summary>
/// Deleting a panel, into the trash or at once, and restoring it (docs/STORAGE.md, Trash). As for sessions, the
/// storage moves the whole panel directory in one rename inside this activation's turn; the activation then forgets
/// the panel and deactivates, and a restore deactivates right after, so the next call reads the files afresh.
/// </summary>
public sealed partial class PanelGrain
{
    public Task<PanelDeletionReport> DeleteAsync() =>
        _options.BackupBeforeDelete && Trash is not null ? TrashAsync() : PurgeAsync();

    public async Task<PanelDeletionReport> PurgeAsync()
    {
        RequirePanel();
        var messages = _messages.Count;
        var insights = (await ListInsightNamesAsync()).Count;
        await _messages.ClearAsync();
        await _events.ClearAsync();
        await _panel.ClearStateAsync();
        var filesRemoved = await _files.DeleteAllAsync(this.GetGrainId());
        DeactivateOnIdle();
        return new PanelDeletionReport(_panelId, messages, insights, filesRemoved);
    }

    public async Task<PanelDeletionReport> TrashAsync()
    {
        RequirePanel();
        var trash = Trash ?? throw NoTrash();
        var messages = _messages.Count;
        var insights = (await ListInsightNamesAsync()).Count;
        var entry = await trash.TrashPanelAsync(_panelId, ChatClock.Now(_time));
        _panel.State = null;
        DeactivateOnIdle();
        return new PanelDeletionReport(_panelId, messages, insights, 0) { TrashedAt = entry?.DeletedAt };
    }

    public async Task<Panel> RestoreFromTrashAsync()
    {
        if (_panel.State is not null)
        {
            throw new InconsistentStateException($"{Subject} cannot be restored from the trash: a live panel with that id exists; delete it first.");
        }

        await (Trash ?? throw NoTrash()).RestorePanelAsync(_panelId);
        await _panel.ReadStateAsync();
        await _messages.ReloadAsync();
        await _events.ReloadAsync();
        DeactivateOnIdle();
        return _panel.State
            ?? throw new IntegrityError($"{Subject} was restored from the trash but has no readable panel record; the files are back in the panel's directory for inspection.");
    }

    private ITrashStore? Trash => ServiceProvider.GetService<ITrashStore>();

    private ConfigurationError NoTrash() =>
        new($"{Subject}: the trash needs a storage provider with a trash area, such as the flatfile provider (rule: trash-needs-flatfile).");
}
