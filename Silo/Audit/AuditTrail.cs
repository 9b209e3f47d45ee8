using System.Text.Json;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Flatfile.Audit;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Retention;
using Orleans.Runtime;

namespace ChatDb.Silo.Audit;

/// <summary>
/// The append-only audit log of the data directory: <c>{system}/audit/{silo}.jsonl</c>, one file per silo (each file has
/// exactly one writer, its silo: ARCHITECTURE.md §4), written with the storage's <see cref="AppendLog"/>, so a line is
/// durable (fsynced with <c>Storage:Durability</c> = fsync) before <see cref="RecordAsync"/> returns. Reading merges
/// every silo's file by time. A host without the flatfile data directory has no audit log.
/// </summary>
public sealed class AuditTrail : IRetentionAudit, IAsyncDisposable
{
    private readonly FlatfileDataDirectory? _directory;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _open = new(1, 1);
    private AppendLog? _log;
    private string? _siloName;

    public AuditTrail(IServiceProvider services, TimeProvider clock)
    {
        _services = services;
        _directory = services.GetService<FlatfileDataDirectory>();
        _clock = clock;
    }

    /// <summary>Whether this host keeps an audit log (it stores its data in a flatfile data directory).</summary>
    public bool IsAvailable => _directory is not null;

    /// <summary>The directory holding every silo's audit file, or null without a data directory.</summary>
    public string? Directory => _directory?.Layout.AuditDirectory;

    /// <summary>The actor of what the silo's retention timer erased.</summary>
    public const string RetentionActor = "retention";

    public TimeProvider Clock => _clock;

    /// <summary>This silo's file name: its address and port, stable across restarts and distinct among live silos.</summary>
    public string SiloName => _siloName ??= NameOf(_services.GetService<ILocalSiloDetails>());

    /// <summary>Appends <paramref name="entry"/> (stamped with this silo) and returns once it is durable; nothing without a data directory.</summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (await OpenAsync(cancellationToken).ConfigureAwait(false) is not { } log)
        {
            return;
        }

        var line = JsonSerializer.SerializeToUtf8Bytes(entry with { Silo = SiloName }, AuditJsonContext.Default.AuditEntry);
        await log.AppendAsync(line, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the retention timer erased, as <c>delete</c> (sessions, insights) or <c>purge</c> (trash entries) by the actor <c>retention</c>.</summary>
    Task IRetentionAudit.RecordAsync(RetentionAuditRecord record, CancellationToken cancellationToken) =>
        RecordAsync(new AuditEntry
        {
            At = _clock.GetUtcNow(),
            Actor = RetentionActor,
            Action = record.Erased == RetentionErased.TrashEntry ? AuditActions.Purge : AuditActions.Delete,
            Operation = record.Erased switch
            {
                RetentionErased.Session => "retention: delete session",
                RetentionErased.PanelInsights => "retention: prune insights",
                _ => "retention: empty trash",
            },
            Ids = record.Ids,
            Outcome = "ok",
            Details = record.Details,
        }, cancellationToken);

    /// <summary>Entries of every silo's file (and the offline commands'), newest first: <see cref="AuditFiles.ListAsync"/>.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListAsync(
        DateTimeOffset? since, DateTimeOffset? until, string? action, int limit, int offset, CancellationToken cancellationToken = default) =>
        Directory is { } directory
            ? AuditFiles.ListAsync(directory, since, until, action, limit, offset, cancellationToken)
            : Task.FromResult<IReadOnlyList<AuditEntry>>([]);

    public async ValueTask DisposeAsync()
    {
        if (_log is not null)
        {
            await _log.DisposeAsync().ConfigureAwait(false);
        }

        _open.Dispose();
    }

    private static string NameOf(ILocalSiloDetails? silo)
    {
        if (silo?.SiloAddress.Endpoint is not { } endpoint)
        {
            return "silo";
        }

        // An id-safe file name: "silo-127.0.0.1-11111" (IPv6 colons become dots).
        return ("silo-" + endpoint.Address + "-" + endpoint.Port).Replace(':', '.');
    }

    private async Task<AppendLog?> OpenAsync(CancellationToken cancellationToken)
    {
        if (_log is not null || _directory is null)
        {
            return _log;
        }

        await _open.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_log is null)
            {
                System.IO.Directory.CreateDirectory(Directory!);
                var options = new AppendLogOptions { FsyncOnCommit = _directory.Options.Durability == Durability.Fsync, TimeProvider = _clock };
                _log = await AppendLog.OpenAsync(Path.Join(Directory, SiloName + ".jsonl"), options, cancellationToken).ConfigureAwait(false);
            }

            return _log;
        }
        finally
        {
            _open.Release();
        }
    }
}
