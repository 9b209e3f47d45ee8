using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ChatDb.Silo.Auth;

/// <summary>
/// Reads the keys file (<see cref="ChatDbAuthOptions.ApiKeysFile"/>) again when it changes, noticed by a file-system
/// watch and, because watches miss changes on network file systems and across atomic renames, by a periodic
/// check on the injected clock. A file that is unchanged is not parsed again; one that is invalid, or that would
/// leave the silo without any key, keeps the keys in use and is logged once (until its content changes).
/// </summary>
public sealed class ApiKeysFileWatcher : IHostedService, IDisposable
{
    private readonly ChatDbAuthOptions _options;
    private readonly AuthSettings _settings;
    private readonly ApiKeyRing _ring;
    private readonly TimeProvider _clock;
    private readonly ILogger<ApiKeysFileWatcher> _logger;
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private string? _lastSeen;

    public ApiKeysFileWatcher(IOptions<ChatDbAuthOptions> options, ApiKeyRing ring, TimeProvider clock, ILogger<ApiKeysFileWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _settings = AuthSettings.From(_options);
        _ring = ring;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Raised after the ring took new keys, with what changed (the audit log records it).</summary>
    public event Action<KeyChanges>? KeysChanged;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_settings.ApiKeysFile is not { } path)
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            // The ring was built from this content at start-up: only a different one is news.
            _lastSeen = Fingerprint(TryRead(path));
        }

        var directory = Path.GetDirectoryName(path)!;
        if (Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Check();
            _watcher.Created += (_, _) => Check();
            _watcher.Renamed += (_, _) => Check();
            _watcher.EnableRaisingEvents = true;
        }

        _timer = _clock.CreateTimer(_ => Check(), null, _settings.ApiKeysFileCheck, _settings.ApiKeysFileCheck);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Reads the keys file and, when its content changed and is valid, makes its keys the current ones. Returns what changed, or null.</summary>
    public KeyChanges? Check()
    {
        if (_settings.ApiKeysFile is not { } path)
        {
            return null;
        }

        KeyChanges? changes;
        lock (_lock)
        {
            var content = TryRead(path);
            var fingerprint = Fingerprint(content);
            if (fingerprint == _lastSeen)
            {
                return null;
            }

            _lastSeen = fingerprint;
            if (content is null)
            {
                AuthLog.KeysFileRefused(_logger, path, "it cannot be read (missing or not accessible)");
                return null;
            }

            var failures = AuthSettings.Validate(_options, content, out var settings);
            if (failures.Count > 0)
            {
                AuthLog.KeysFileRefused(_logger, path, string.Join(" ", failures));
                return null;
            }

            if (!settings!.HasApiKeys && !_ring.IsEmpty)
            {
                AuthLog.KeysFileRefused(_logger, path, "it would leave the silo without any API key (restart the silo to open it to loopback without keys)");
                return null;
            }

            changes = _ring.Replace(settings.ApiKeys);
            AuthLog.KeysReloaded(_logger, path, changes.Current, string.Join(", ", changes.Added), string.Join(", ", changes.Removed), (int)_settings.RotationGrace.TotalSeconds);
        }

        if (changes.Any)
        {
            KeysChanged?.Invoke(changes);
        }

        return changes;
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Fingerprint(byte[]? content) => content is null ? "(none)" : Convert.ToHexString(SHA256.HashData(content));
}
