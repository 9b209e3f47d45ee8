using ChatDb.Grains.Events;
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
        // The event log goes with the panel: panel_deleted is published with the seq it would get, not kept.
        var unloggedSeq = _events.Count + 1;
        await _messages.ClearAsync();
        await _events.ClearAsync();
        await _runs.ClearAsync();
        await _panel.ClearStateAsync();
        var filesRemoved = await _files.DeleteAllAsync(this.GetGrainId());
        DeactivateOnIdle();
        var report = new PanelDeletionReport(_panelId, messages, insights, filesRemoved);
        await _events.PublishAsync([new PanelDeleted(_panelId, ChatClock.Now(_time), report)], unloggedSeq);
        return report;
    }

    public async Task<PanelDeletionReport> TrashAsync()
    {
        RequirePanel();
        var trash = Trash ?? throw NoTrash();
        var messages = _messages.Count;
        var insights = (await ListInsightNamesAsync()).Count;
        // The event is kept before the move, so the log in the trash ends with it and a restore numbers on after it.
        var now = ChatClock.Now(_time);
        var deleted = new PanelDeleted(_panelId, now, new PanelDeletionReport(_panelId, messages, insights, 0) { TrashedAt = now });
        var eventSeq = await _events.AppendAsync([ChatEventRecord.Of(deleted, messages)], alongside: null);
        var entry = await trash.TrashPanelAsync(_panelId, now);
        _panel.State = null;
        DeactivateOnIdle();
        var report = deleted.Report with { TrashedAt = entry?.DeletedAt };
        if (eventSeq is { } first)
        {
            await _events.PublishAsync([deleted with { Report = report }], first);
        }

        return report;
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
        await _runs.ReloadAsync();
        DeactivateOnIdle();
        var panel = _panel.State
            ?? throw new IntegrityError($"{Subject} was restored from the trash but has no readable panel record; the files are back in the panel's directory for inspection.");
        await _events.AppendAndPublishAsync(new PanelRestored(_panelId, ChatClock.Now(_time), panel));
        return panel;
    }

    private ITrashStore? Trash => ServiceProvider.GetService<ITrashStore>();

    private ConfigurationError NoTrash() =>
        new($"{Subject}: the trash needs a storage provider with a trash area, such as the flatfile provider (rule: trash-needs-flatfile).");
}
