using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Cli;
using ChatDb.Cli.Commands.Maintenance;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Api.Tests;

/// <summary>
/// <c>GET /admin/backup</c> on a silo of its own (the shared one holds other tests' data), with writers
/// appending and creating sessions while the backup is taken.
/// </summary>
public sealed class BackupRouteTests(BackupRouteTests.Silo silo) : IClassFixture<BackupRouteTests.Silo>, IDisposable
{
    private const int Sessions = 4;
    private const int AcknowledgedBeforeBackup = 60;

    private readonly ApiServer _server = silo.Server;
    private readonly string _scratch = Directory.CreateTempSubdirectory("chatdb-backup-route-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Backup_WhileWritersRun_RestoresCleanAndHoldsEveryMessageAcknowledgedBeforeIt()
    {
        await using var writers = await Writers.StartAsync(_server.Http, Sessions, AcknowledgedBeforeBackup);
        var before = writers.Acknowledged.ToArray();

        using var response = await _server.Http.GetAsync("/admin/backup", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AdminBackupContentType, response.Content.Headers.ContentType?.MediaType);
        var backup = Path.Join(_scratch, "live.tar.gz");
        await using (var file = File.Create(backup))
        {
            await response.Content.CopyToAsync(file);
        }

        await writers.AwaitMoreAsync(Sessions * 5);
        await writers.StopAsync();

        var restored = await RestoreAsync(backup, "restored");
        AssertHolds(restored, before);
        Assert.Empty(Directory.EnumerateDirectories(_server.DataDirectory, StagingNames.SnapshotPrefix + "*"));
    }

    [Fact]
    public async Task ChatdbBackupWithSilo_DownloadsABackupThatRestores()
    {
        await using var writers = await Writers.StartAsync(_server.Http, Sessions, AcknowledgedBeforeBackup / 2);
        var before = writers.Acknowledged.ToArray();
        var backup = Path.Join(_scratch, "cli.tar.gz");

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliRoot.Create().Parse(["backup", "--silo", _server.BaseAddress.ToString(), "--out", backup, "--quiet"])
            .InvokeAsync(new() { Output = output, Error = error });
        await writers.StopAsync();

        Assert.True(exit == 0, $"chatdb backup --silo exited {exit}: {error}");
        Assert.Contains("backed up silo", output.ToString(), StringComparison.Ordinal);
        AssertHolds(await RestoreAsync(backup, "from-cli"), before);
        Assert.DoesNotContain(Directory.EnumerateFiles(_scratch), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    private const string AdminBackupContentType = "application/gzip";

    private async Task<FlatfileLayout> RestoreAsync(string backup, string name)
    {
        var options = new FlatfileStorageOptions { StorageBasePath = Path.Join(_scratch, name), Durability = Durability.OsBuffered };
        var result = await new RestoreEngine(options, ChatModelSchema.Instance).RestoreAsync(backup, replace: false);
        Assert.True(result.Verified.IsClean, string.Join("\n", result.Verified.Problems));
        Assert.DoesNotContain(result.Verified.Problems, p => p.Kind == ProblemKind.TornTail);
        return new FlatfileLayout(options);
    }

    /// <summary>Every message acknowledged before the backup is in it, and each log is gapless from 1.</summary>
    private static void AssertHolds(FlatfileLayout restored, (string User, string Session, long Seq, string Id)[] acknowledged)
    {
        Assert.NotEmpty(acknowledged);
        foreach (var session in acknowledged.GroupBy(a => (a.User, a.Session)))
        {
            var lines = File.ReadAllLines(restored.SessionMessagesFile(session.Key.User, session.Key.Session));
            var stored = lines.Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                return (Seq: json.RootElement.GetProperty("seq").GetInt64(), Id: json.RootElement.GetProperty("id").GetString()!);
            }).ToList();
            Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(s => s.Seq));
            foreach (var message in session)
            {
                Assert.Contains((message.Seq, message.Id), stored);
            }
        }
    }

    /// <summary>One appender per session plus one that keeps creating sessions, until stopped.</summary>
    private sealed class Writers : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _tasks = [];
        private readonly Lock _lock = new();
        private readonly List<(long Count, TaskCompletionSource Reached)> _waiters = [];

        public ConcurrentQueue<(string User, string Session, long Seq, string Id)> Acknowledged { get; } = new();

        public static async Task<Writers> StartAsync(HttpClient http, int sessions, int acknowledgedFirst)
        {
            var writers = new Writers();
            var user = ApiCalls.NewUserId("backup");
            for (var i = 0; i < sessions; i++)
            {
                var session = await http.CreateSessionAsync(user, $"s{i}");
                writers._tasks.Add(Task.Run(() => writers.AppendAsync(http, session)));
            }

            writers._tasks.Add(Task.Run(() => writers.CreateSessionsAsync(http, user)));
            await writers.AwaitMoreAsync(acknowledgedFirst);
            return writers;
        }

        /// <summary>Completes once <paramref name="more"/> further messages are acknowledged.</summary>
        public async Task AwaitMoreAsync(int more)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _waiters.Add((Acknowledged.Count + more, reached));
            }

            try
            {
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
            }
            catch (TimeoutException)
            {
                var faulted = _tasks.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException?.Message ?? "none";
                throw new TimeoutException($"waited 30 s for {more} more acknowledged messages; {Acknowledged.Count} in all, writer failure: {faulted}");
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_tasks);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task AppendAsync(HttpClient http, ChatSession session)
        {
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                Record(session, await http.AddMessageAsync(session, $"message {n} of {session.Title}"));
            }
        }

        private async Task CreateSessionsAsync(HttpClient http, string user)
        {
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var session = await http.CreateSessionAsync(user, $"created during the backup {n}");
                Record(session, await http.AddMessageAsync(session, "first"));
            }
        }

        private void Record(ChatSession session, ChatMessage message)
        {
            Acknowledged.Enqueue((session.UserId, session.Id, message.Seq, message.Id));
            lock (_lock)
            {
                foreach (var waiter in _waiters.Where(w => Acknowledged.Count >= w.Count).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    /// <summary>A silo for this class alone, so the backup holds only data these tests wrote.</summary>
    public sealed class Silo : IAsyncLifetime
    {
        public ApiServer Server { get; } = new();

        public Task InitializeAsync() => Server.InitializeAsync();

        public Task DisposeAsync() => Server.DisposeAsync();
    }
}
