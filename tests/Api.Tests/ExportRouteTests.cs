using System.Net;
using System.Text;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Cli.Commands.Maintenance;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Api.Tests;

/// <summary>
/// <c>GET /users/{userId}/export</c> and <c>GET /panels/{panelId}/export</c> on a real listener: what they stream is what
/// <c>chatdb import</c> reads, and an offline export of the imported directory gives the same bytes back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ExportRouteTests(ApiServer server) : IDisposable
{
    private readonly HttpClient _http = server.Http;
    private readonly string _scratch = Directory.CreateTempSubdirectory("chatdb-export-route-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task UserExport_ImportedIntoAnEmptyDirectory_ExportsOfflineToTheSameBytes()
    {
        var user = ApiCalls.NewUserId("export");
        (await _http.PutJsonAsync($"/users/{user}", new { displayName = "Exported" })).EnsureSuccessStatusCode();
        var first = await _http.CreateSessionAsync(user, "first");
        var second = await _http.CreateSessionAsync(user, "second");
        await _http.AddMessageAsync(first, "hello");
        await _http.AddMessageAsync(first, "line\nwith a break");
        await _http.AddMessageAsync(second, "other");

        using var response = await _http.GetAsync($"/users/{user}/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var exported = await response.Content.ReadAsByteArrayAsync();

        var lines = Lines(exported);
        Assert.Equal("header", lines[0].GetProperty("kind").GetString());
        Assert.Equal("end", lines[^1].GetProperty("kind").GetString());
        Assert.Equal(3, lines.Count(line => line.GetProperty("kind").GetString() == "message"));
        Assert.All(lines[1..^1], line => Assert.Equal(user, line.GetProperty("user_id").GetString()));

        var imported = await ImportAsync(exported, "user");
        Assert.Equal(Encoding.UTF8.GetString(exported), await OfflineExportAsync(imported));
        Assert.Empty(Directory.EnumerateDirectories(server.DataDirectory, StagingNames.SnapshotPrefix + "*"));
    }

    [Fact]
    public async Task SessionExport_HoldsOnlyThatSession_AndImports()
    {
        var user = ApiCalls.NewUserId("export");
        var kept = await _http.CreateSessionAsync(user, "kept");
        var other = await _http.CreateSessionAsync(user, "other");
        await _http.AddMessageAsync(kept, "in the export");
        await _http.AddMessageAsync(other, "not in the export");

        var exported = await _http.GetByteArrayAsync($"/users/{user}/export?sessionId={kept.Id}");

        var lines = Lines(exported);
        Assert.All(lines[1..^1], line => Assert.Equal(kept.Id, line.GetProperty("session_id").GetString()));
        Assert.Contains(lines, line => line.GetProperty("kind").GetString() == "message"
            && line.GetProperty("data").GetProperty("content").GetString() == "in the export");
        Assert.DoesNotContain("not in the export", Encoding.UTF8.GetString(exported), StringComparison.Ordinal);
        var imported = await ImportAsync(exported, "session");
        Assert.Equal(Encoding.UTF8.GetString(exported), await OfflineExportAsync(imported));
    }

    [Fact]
    public async Task PanelExport_AsJson_IsOneArrayOfTheJsonLinesRecords()
    {
        var panel = await (await _http.PostJsonAsync("/panels", new { type = "focus_group", personas = new[] { "critic" } })).ReadAsync<Panel>(HttpStatusCode.Created);

        var lines = await _http.GetByteArrayAsync($"/panels/{panel.Id}/export");
        using var json = await _http.GetAsync($"/panels/{panel.Id}/export?format=json");

        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var array = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        var records = Lines(lines);
        Assert.Equal(records.Length, array.GetArrayLength());
        Assert.Equal(records.Select(r => r.GetRawText()), array.EnumerateArray().Select(r => r.GetRawText()));
        Assert.Contains(records, r => r.GetProperty("kind").GetString() == "panel" && r.GetProperty("panel_id").GetString() == panel.Id);
        Assert.All(records[1..^1], r => Assert.Equal(panel.Id, r.GetProperty("panel_id").GetString()));
    }

    [Fact]
    public async Task Export_OfUnknownUserSessionOrPanel_Is404()
    {
        var user = ApiCalls.NewUserId("export");
        var session = await _http.CreateSessionAsync(user);
        var stranger = ApiCalls.NewUserId("export");

        await (await _http.GetAsync($"/users/{stranger}/export")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync($"/users/{stranger}/export?sessionId={session.Id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync("/panels/panel_20200101_000000_000000/export")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Export_WithAnUnknownFormat_Is400NamingIt()
    {
        var user = ApiCalls.NewUserId("export");
        await _http.CreateSessionAsync(user);

        var message = await (await _http.GetAsync($"/users/{user}/export?format=xml")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("'format'", message, StringComparison.Ordinal);
        Assert.Contains("xml", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatdbExportWithSilo_WritesWhatTheRouteStreams_AndRefusesAnUnknownSession()
    {
        var user = ApiCalls.NewUserId("export");
        var session = await _http.CreateSessionAsync(user, "cli");
        await _http.AddMessageAsync(session, "from the command line");
        var file = Path.Join(_scratch, "cli.jsonl");

        var (exit, output, error) = await ChatdbAsync("export", "--silo", server.BaseAddress.ToString(), "--user", user, "--session", session.Id, "--out", file, "--quiet");

        Assert.True(exit == 0, $"chatdb export --silo exited {exit}: {error}");
        Assert.Contains($"exported session {session.Id} of user {user}", output, StringComparison.Ordinal);
        Assert.Equal(await _http.GetByteArrayAsync($"/users/{user}/export?sessionId={session.Id}"), await File.ReadAllBytesAsync(file));

        var missing = Path.Join(_scratch, "missing.jsonl");
        var (failed, _, message) = await ChatdbAsync("export", "--silo", server.BaseAddress.ToString(), "--user", ApiCalls.NewUserId("export"), "--out", missing, "--quiet");
        Assert.NotEqual(0, failed);
        Assert.Contains("nothing to export", message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Theory]
    [InlineData("--user", "u", "--panel", "panel_20200101_000000_000000")]
    [InlineData("--session", "chat_session_20200101_000000_000000", "--format", "json")]
    public async Task ChatdbExportWithSilo_NeedsExactlyOneOfUserOrPanel(params string[] selection)
    {
        var (exit, _, error) = await ChatdbAsync(["export", "--silo", server.BaseAddress.ToString(), .. selection, "--out", Path.Join(_scratch, "x.jsonl")]);

        Assert.NotEqual(0, exit);
        Assert.Contains("--user", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> ChatdbAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ChatDb.Cli.CliRoot.Create().Parse(args).InvokeAsync(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    internal static JsonElement[] Lines(byte[] export) =>
        Encoding.UTF8.GetString(export).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();

    private async Task<string> ImportAsync(byte[] export, string name)
    {
        var file = Path.Join(_scratch, name + ".jsonl");
        await File.WriteAllBytesAsync(file, export);
        var data = Path.Join(_scratch, name);
        Directory.CreateDirectory(data);
        var result = await new ImportEngine(new FlatfileStorageOptions { StorageBasePath = data }, ChatModelSchema.Instance).ImportAsync(file);
        Assert.True(result.Records > 0);
        return data;
    }

    private async Task<string> OfflineExportAsync(string data)
    {
        var file = Path.Join(_scratch, Path.GetFileName(data) + ".again.jsonl");
        await new ExportEngine(new FlatfileStorageOptions { StorageBasePath = data }, ChatModelSchema.Instance).ExportAsync(file);
        return await File.ReadAllTextAsync(file);
    }
}
