using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Retention;
using ChatDb.Grains.Security;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Api.Tests;

/// <summary>
/// The audit log: REST deletes, purges, restores and API key changes are appended to this silo's own file under
/// <c>system/audit/</c> before the response, and <c>GET /audit</c> merges every silo's file, newest first, with filters.
/// </summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private readonly string _opsKey = SecretDigest.NewToken("chatdb_");
    private readonly string _keysFile = Path.Join(Path.GetTempPath(), "chatdb-audit-keys-" + Guid.NewGuid().ToString("N") + ".json");
    private ApiServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        WriteKeys(("ops", _opsKey));
        _server = ApiServer.With(new Dictionary<string, string?> { ["Auth:ApiKeysFile"] = _keysFile, ["Auth:ApiKeysFileCheckSeconds"] = "10" }, _clock);
        // Retention's thresholds, for runs the tests start themselves (no timer: Retention:Enabled stays false).
        _server.ExtraServices = (services, _) => services.Configure<RetentionOptions>(retention =>
        {
            retention.DeleteSessionsAfterDays = 5;
            retention.EmptyTrashAfterDays = 1;
        });
        await _server.InitializeAsync();
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _opsKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        File.Delete(_keysFile);
    }

    [Fact]
    public async Task Deletes_purges_and_restores_are_recorded_with_who_what_when_and_outcome()
    {
        var user = ApiCalls.NewUserId("audit");
        var kept = await CreateSessionAsync(user);
        var erased = await CreateSessionAsync(user);

        Assert.Equal(HttpStatusCode.OK, (await _http.DeleteAsync(ApiCalls.PathOf(kept))).StatusCode);
        var deletedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _http.DeleteAsync(ApiCalls.PathOf(erased) + "?purge=true")).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync(new Uri($"/users/{user}/trash/{kept.Id}/restore", UriKind.Relative), null)).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync(ApiCalls.PathOf(erased))).StatusCode);

        var entries = await ListAsync("/audit");
        Assert.Equal(["delete", "restore", "purge", "delete"], entries.Take(4).Select(e => e.GetProperty("action").GetString()));
        var refused = entries[0];
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        Assert.Equal(404, refused.GetProperty("status").GetInt32());
        var delete = entries[3];
        Assert.Equal("key:ops", delete.GetProperty("actor").GetString());
        Assert.Equal("DeleteSession", delete.GetProperty("operation").GetString());
        Assert.Equal("ok", delete.GetProperty("outcome").GetString());
        Assert.Equal(kept.Id, delete.GetProperty("ids").GetProperty("sessionId").GetString());
        Assert.Equal(user, delete.GetProperty("ids").GetProperty("userId").GetString());
        Assert.Equal(deletedAt, delete.GetProperty("at").GetDateTimeOffset());

        // The silo's own file, one line per entry, written by the storage's append log.
        var file = Assert.Single(Directory.GetFiles(Path.Join(_server.DataDirectory, "system", "audit"), "*.jsonl"));
        Assert.StartsWith("silo-127.0.0.1-", Path.GetFileName(file), StringComparison.Ordinal);
        var lines = File.ReadAllLines(file);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("{\"seq\":1,", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"action\":\"delete\"", lines[0], StringComparison.Ordinal);

        var purges = await ListAsync("/audit?action=purge");
        Assert.Equal(erased.Id, Assert.Single(purges).GetProperty("ids").GetProperty("sessionId").GetString());
        var window = await ListAsync($"/audit?since={Uri.EscapeDataString(deletedAt.AddSeconds(1).ToString("O"))}&until={Uri.EscapeDataString(deletedAt.AddMinutes(2).AddSeconds(1).ToString("O"))}");
        Assert.Equal(["restore", "purge"], window.Select(e => e.GetProperty("action").GetString()));
        Assert.Single(await ListAsync("/audit?limit=1&offset=3"));
        await (await _http.GetAsync(new Uri("/audit?action=drop", UriKind.Relative))).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        // A malformed request reached nothing and is not recorded.
        await (await _http.DeleteAsync(ApiCalls.PathOf(kept) + "?purge=maybe")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(4, (await ListAsync("/audit")).Count);
    }

    [Fact]
    public async Task Other_silos_files_are_merged_by_time_and_a_line_being_written_is_left_out()
    {
        var user = ApiCalls.NewUserId("audit");
        var session = await CreateSessionAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await _http.DeleteAsync(ApiCalls.PathOf(session))).StatusCode);
        var directory = Path.Join(_server.DataDirectory, "system", "audit");
        var earlier = _clock.GetUtcNow().AddHours(-1).ToString("O");
        var later = _clock.GetUtcNow().AddHours(1).ToString("O");
        File.WriteAllText(Path.Join(directory, "silo-10.0.0.9-11111.jsonl"),
            $"{{\"seq\":1,\"at\":\"{earlier}\",\"actor\":\"key:other\",\"action\":\"purge\",\"operation\":\"DeletePanel\",\"status\":200,\"outcome\":\"ok\",\"silo\":\"silo-10.0.0.9-11111\"}}\n"
            + $"{{\"seq\":2,\"at\":\"{later}\",\"actor\":\"key:other\",\"action\":\"delete\",\"oper");

        var entries = await ListAsync("/audit");

        Assert.Equal(["delete", "purge"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("key:other", entries[1].GetProperty("actor").GetString());
        Assert.Equal("silo-10.0.0.9-11111", entries[1].GetProperty("silo").GetString());
    }

    [Fact]
    public async Task What_retention_erases_is_recorded_with_the_actor_retention()
    {
        var user = ApiCalls.NewUserId("audit");
        var old = await CreateSessionAsync(user);
        await _http.AddMessageAsync(old, "old news");
        var trashed = await CreateSessionAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await _http.DeleteAsync(ApiCalls.PathOf(trashed))).StatusCode);
        _clock.Advance(TimeSpan.FromDays(6));

        var report = await _server.Grains.GetGrain<IRetentionGrain>(ChatGrainKeys.Global).RunAsync();

        Assert.Equal((1, 1), (report.SessionsDeleted, report.TrashEntriesErased));
        var byRetention = (await ListAsync("/audit")).Where(e => e.GetProperty("actor").GetString() == "retention").ToList();
        Assert.Equal(2, byRetention.Count);
        var purge = Assert.Single(byRetention, e => e.GetProperty("action").GetString() == "purge");
        Assert.Equal(trashed.Id, purge.GetProperty("ids").GetProperty("sessionId").GetString());
        Assert.Equal("retention: empty trash", purge.GetProperty("operation").GetString());
        var delete = Assert.Single(byRetention, e => e.GetProperty("action").GetString() == "delete");
        Assert.Equal((user, old.Id), (delete.GetProperty("ids").GetProperty("userId").GetString(), delete.GetProperty("ids").GetProperty("sessionId").GetString()));
        Assert.Equal("ok", delete.GetProperty("outcome").GetString());
        Assert.Contains("1 message(s)", delete.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow(), delete.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_change_of_the_keys_file_is_recorded()
    {
        WriteKeys(("ops", _opsKey), ("ops-next", SecretDigest.NewToken("chatdb_")));
        _clock.Advance(TimeSpan.FromSeconds(10));

        JsonElement? change = null;
        for (var attempt = 0; attempt < 100 && change is null; attempt++)
        {
            // The record is written off the watcher's thread: wait for the disk, not for a clock.
            change = (await ListAsync("/audit?action=keys_changed")).Cast<JsonElement?>().FirstOrDefault();
            if (change is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(change);
        Assert.Equal("keys-file", change.Value.GetProperty("actor").GetString());
        Assert.Contains("added [ops-next]", change.Value.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    private async Task<ChatSession> CreateSessionAsync(string user)
    {
        // Generated ids carry the clock's time: move it so two sessions never get one id.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        return await _http.CreateSessionAsync(user);
    }

    private async Task<List<JsonElement>> ListAsync(string path) =>
        [.. (await (await _http.GetAsync(new Uri(path, UriKind.Relative))).ReadJsonAsync()).EnumerateArray()];

    private void WriteKeys(params (string Name, string Key)[] keys)
    {
        var entries = keys.Select(k => $"{{\"Name\": \"{k.Name}\", \"Hash\": \"{SecretDigest.Format(SecretDigest.Compute(k.Key))}\", \"Scope\": \"admin\"}}");
        var temporary = _keysFile + ".tmp";
        File.WriteAllText(temporary, "{\"ApiKeys\": [" + string.Join(", ", entries) + "]}");
        File.Move(temporary, _keysFile, overwrite: true);
    }
}
