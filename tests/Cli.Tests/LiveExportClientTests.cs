using System.Text.Json;
using ChatDb.Client;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace ChatDb.Cli.Tests;

/// <summary>
/// <c>ExportUserAsync</c> / <c>ExportPanelAsync</c> through both .NET doors against a silo process: the records
/// <c>chatdb import</c> reads, as JSON Lines or one JSON array, and a clear error for what has no data.
/// </summary>
public abstract class LiveExportClientTests
{
    protected abstract IChatDb Chat { get; }

    private static async Task<List<JsonElement>> LinesAsync(Stream export)
    {
        await using (export)
        {
            using var reader = new StreamReader(export);
            var text = await reader.ReadToEndAsync();
            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];
        }
    }

    private static string Kind(JsonElement record) => record.GetProperty("kind").GetString()!;

    [Fact]
    public async Task UserExport_StreamsHeaderRecordsAndEnd_AsJsonLinesOrOneArray()
    {
        var user = "export-" + Guid.NewGuid().ToString("N")[..10];
        var session = await Chat.CreateSessionAsync(user, "exported");
        await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "first words" });
        await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "assistant", Content = "second words" });
        var other = await Chat.CreateSessionAsync(user, "not exported");
        await Chat.AddMessageAsync(user, other.Id, new NewMessage { Role = "user", Content = "elsewhere" });

        var lines = await LinesAsync(await Chat.ExportUserAsync(user));
        var sessionOnly = await LinesAsync(await Chat.ExportUserAsync(user, session.Id));
        JsonElement array;
        await using (var json = await Chat.ExportUserAsync(user, format: "json"))
        {
            array = (await JsonDocument.ParseAsync(json)).RootElement;
        }

        Assert.Equal("header", Kind(lines[0]));
        Assert.Equal("end", Kind(lines[^1]));
        Assert.Equal(["elsewhere", "first words", "second words"],
            lines.Where(l => Kind(l) == "message").Select(l => l.GetProperty("data").GetProperty("content").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(3, lines.Count(l => Kind(l) == "message"));
        Assert.Equal(2, sessionOnly.Count(l => Kind(l) == "message"));
        Assert.Equal(lines.Count, array.GetArrayLength());
        Assert.Equal(lines.Select(Kind), array.EnumerateArray().Select(Kind));
    }

    [Fact]
    public async Task PanelExport_HoldsThePanelAndItsMessages()
    {
        var panel = await Chat.CreatePanelAsync("debate", ["optimist"]);
        await Chat.AddPanelMessageAsync(panel.Id, new NewMessage { Role = "optimist", Content = "all is well" });

        var lines = await LinesAsync(await Chat.ExportPanelAsync(panel.Id));

        Assert.Equal("header", Kind(lines[0]));
        Assert.Equal("end", Kind(lines[^1]));
        Assert.Contains(lines, l => Kind(l) == "panel");
        Assert.Contains(lines, l => Kind(l) == "panel_message" && l.GetProperty("data").GetProperty("content").GetString() == "all is well");
    }

    [Fact]
    public async Task ExportOfAUserWithoutData_FailsAtTheCall_NamingIt()
    {
        var user = "export-none-" + Guid.NewGuid().ToString("N")[..8];

        var error = await Assert.ThrowsAsync<NotFoundError>(() => Chat.ExportUserAsync(user));

        Assert.Contains(user, error.Message, StringComparison.Ordinal);
    }
}

[Collection(GatewayCollection.Name)]
public sealed class GatewayLiveExportClientTests(ChatDbSilo silo) : LiveExportClientTests, IAsyncLifetime
{
    private IHost _client = null!;
    private ChatDbClient _chat = null!;

    protected override IChatDb Chat => _chat;

    public async Task InitializeAsync()
    {
        _client = await silo.ConnectClientAsync();
        _chat = new ChatDbClient(_client.Services.GetRequiredService<IClusterClient>());
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task AnUnknownFormat_IsRefusedNamingIt()
    {
        var error = await Assert.ThrowsAsync<ValidationError>(() => _chat.ExportUserAsync("alice", format: "csv"));
        Assert.Contains("'csv'", error.Message, StringComparison.Ordinal);
    }
}

[Collection(RestCollection.Name)]
public sealed class RestLiveExportClientTests(ChatDbSilo silo) : LiveExportClientTests, IDisposable
{
    private readonly ChatDbRestClient _chat = new(new Uri(silo.Url), silo.ApiKey);

    protected override IChatDb Chat => _chat;

    public void Dispose() => _chat.Dispose();
}
