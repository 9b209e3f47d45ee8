using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Security;
using ChatDb.Silo.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Api.Tests;

/// <summary>The keys file is read again without a restart: new keys work, removed keys keep working for the grace period, bad files change nothing.</summary>
public sealed class ApiKeyReloadTests : IDisposable
{
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(300);

    private readonly string _directory = Path.Join(Path.GetTempPath(), "chatdb-keyfile-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new();
    private readonly CapturedLogs _logs = new();
    private readonly string _oldKey = SecretDigest.NewToken("chatdb_");
    private readonly string _newKey = SecretDigest.NewToken("chatdb_");

    private readonly ILoggerFactory _loggers;

    public ApiKeyReloadTests()
    {
        Directory.CreateDirectory(_directory);
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
    }

    private string KeysFile => Path.Join(_directory, "keys.json");

    public void Dispose()
    {
        _loggers.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_key_added_to_the_file_is_accepted_after_the_periodic_check_and_the_old_one_still_is()
    {
        WriteKeys(("ops-old", _oldKey, "admin"));
        var (ring, watcher) = await StartAsync();
        Assert.Null(ring.Find(_newKey));

        WriteKeys(("ops-old", _oldKey, "admin"), ("ops-new", _newKey, "admin"));
        _clock.Advance(Check);

        Assert.Equal("ops-new", ring.Find(_newKey)?.Name);
        Assert.Equal("ops-old", ring.Find(_oldKey)?.Name);
        Assert.Contains(_logs.Lines, line => line.Contains("[4112]", StringComparison.Ordinal) && line.Contains("added [ops-new]", StringComparison.Ordinal));
        watcher.Dispose();
    }

    [Fact]
    public async Task A_key_removed_from_the_file_stays_valid_for_the_grace_period_and_not_after()
    {
        WriteKeys(("ops-old", _oldKey, "admin"));
        var (ring, watcher) = await StartAsync();

        WriteKeys(("ops-new", _newKey, "admin"));
        watcher.Check();

        // The file watch may have applied the change first; either way the ring is the same.
        Assert.Equal("ops-old", ring.Find(_oldKey)?.Name);
        Assert.Equal("ops-old", Assert.Single(ring.Retiring).Key.Name);

        _clock.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.NotNull(ring.Find(_oldKey));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(ring.Find(_oldKey));
        Assert.Empty(ring.Retiring);
        Assert.Equal("ops-new", ring.Find(_newKey)?.Name);
        watcher.Dispose();
    }

    [Fact]
    public async Task A_removed_key_that_comes_back_is_current_again()
    {
        WriteKeys(("ops-old", _oldKey, "admin"));
        var (ring, watcher) = await StartAsync();
        WriteKeys(("ops-new", _newKey, "admin"));
        watcher.Check();
        WriteKeys(("ops-old", _oldKey, "admin"), ("ops-new", _newKey, "admin"));
        watcher.Check();

        _clock.Advance(Grace + Grace);

        Assert.NotNull(ring.Find(_oldKey));
        Assert.Empty(ring.Retiring);
        watcher.Dispose();
    }

    [Fact]
    public async Task A_bad_file_keeps_the_keys_in_use_and_is_logged_once()
    {
        WriteKeys(("ops-old", _oldKey, "admin"));
        var (ring, watcher) = await StartAsync();

        WriteRaw("{\"ApiKeys\": [ {\"Name\": \"ops-new\", \"Hash\": \"sha256:12");
        _clock.Advance(Check);
        _clock.Advance(Check);
        _clock.Advance(Check);

        Assert.Equal("ops-old", ring.Find(_oldKey)?.Name);
        var refused = Assert.Single(_logs.Lines, line => line.Contains("[4113]", StringComparison.Ordinal));
        Assert.Contains("is not valid JSON", refused, StringComparison.Ordinal);
        Assert.Contains(KeysFile, refused, StringComparison.Ordinal);

        WriteKeys(("ops-old", _oldKey, "root"));
        watcher.Check();
        Assert.Contains(_logs.Lines, line => line.Contains("[4113]", StringComparison.Ordinal) && line.Contains(":0:Scope must be 'admin'", StringComparison.Ordinal));
        Assert.Equal("admin", ring.Find(_oldKey)?.Scope.ToString());
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(_oldKey, StringComparison.Ordinal));
        watcher.Dispose();
    }

    [Fact]
    public async Task A_file_without_keys_is_refused_so_a_truncated_file_cannot_open_the_silo()
    {
        WriteKeys(("ops-old", _oldKey, "admin"));
        var (ring, watcher) = await StartAsync();

        WriteRaw("{\"ApiKeys\": []}");
        Assert.Null(watcher.Check());

        Assert.False(ring.IsEmpty);
        Assert.NotNull(ring.Find(_oldKey));
        Assert.Contains(_logs.Lines, line => line.Contains("without any API key", StringComparison.Ordinal));
        watcher.Dispose();
    }

    [Fact]
    public async Task A_change_is_noticed_by_the_file_watch_without_the_periodic_check()
    {
        WriteKeys(("ops-old", _oldKey, "admin"));
        var (ring, watcher) = await StartAsync();
        var changed = new TaskCompletionSource<KeyChanges>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.KeysChanged += changes => changed.TrySetResult(changes);

        WriteKeys(("ops-old", _oldKey, "admin"), ("ops-new", _newKey, "admin"));

        var changes = await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["ops-new"], changes.Added);
        Assert.NotNull(ring.Find(_newKey));
        watcher.Dispose();
    }

    [Fact]
    public void Names_and_hashes_must_be_unique_across_the_configuration_and_the_file()
    {
        WriteKeys(("ops", _newKey, "admin"));
        var options = new ChatDbAuthOptions
        {
            ApiKeys = [new ApiKeyOptions { Name = "ops", Hash = SecretDigest.Format(SecretDigest.Compute(_oldKey)), Scope = "admin" }],
            ApiKeysFile = KeysFile,
        };

        var failures = AuthSettings.Validate(options, out _);

        Assert.Contains(failures, f => f.Contains(KeysFile + ": ApiKeys:0:Name 'ops' is used by another key", StringComparison.Ordinal));
    }

    private async Task<(ApiKeyRing Ring, ApiKeysFileWatcher Watcher)> StartAsync()
    {
        var options = Options.Create(new ChatDbAuthOptions { ApiKeysFile = KeysFile, ApiKeysFileCheckSeconds = (int)Check.TotalSeconds, RotationGraceSeconds = (int)Grace.TotalSeconds });
        var settings = AuthSettings.From(options.Value);
        var ring = new ApiKeyRing(settings.ApiKeys, _clock, settings.RotationGrace);
        var watcher = new ApiKeysFileWatcher(options, ring, _clock, _loggers.CreateLogger<ApiKeysFileWatcher>());
        await watcher.StartAsync(CancellationToken.None);
        return (ring, watcher);
    }

    private void WriteKeys(params (string Name, string Key, string Scope)[] keys)
    {
        var entries = keys.Select(k => $"{{\"Name\": \"{k.Name}\", \"Hash\": \"{SecretDigest.Format(SecretDigest.Compute(k.Key))}\", \"Scope\": \"{k.Scope}\"}}");
        WriteRaw("{\"ApiKeys\": [" + string.Join(", ", entries) + "]}");
    }

    /// <summary>Replaces the keys file at once (as operators are told to), so the file watch never sees it half written.</summary>
    private void WriteRaw(string content)
    {
        var temporary = KeysFile + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, KeysFile, overwrite: true);
    }
}
