using ChatDb.Silo.Auth;
using ChatDb.Storage.Flatfile.Audit;

namespace ChatDb.Silo.Audit;

/// <summary>Records every change of the API keys file that the silo applied (<see cref="ApiKeysFileWatcher.KeysChanged"/>) in the audit log.</summary>
internal sealed class AuditKeyChanges(ApiKeysFileWatcher watcher, AuditTrail trail, ILogger<AuditKeyChanges> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        watcher.KeysChanged += OnKeysChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watcher.KeysChanged -= OnKeysChanged;
        return Task.CompletedTask;
    }

    private void OnKeysChanged(KeyChanges changes) => _ = RecordAsync(changes);

    /// <summary>Runs off the watcher's thread (a file event or the periodic check), which must not wait for a disk.</summary>
    internal async Task RecordAsync(KeyChanges changes)
    {
        try
        {
            await trail.RecordAsync(new AuditEntry
            {
                At = trail.Clock.GetUtcNow(),
                Actor = "keys-file",
                Action = AuditActions.KeysChanged,
                Operation = nameof(ChatDbAuthOptions.ApiKeysFile),
                Outcome = "ok",
                Details = $"added [{string.Join(", ", changes.Added)}]; removed [{string.Join(", ", changes.Removed)}]; {changes.Current} current",
            }).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            AuditLog.KeyChangeFailed(logger, e);
        }
    }
}
