using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Client;
using ChatDb.Grains.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace ChatDb.Cli.Tests;

/// <summary>The .NET facade over an Orleans client, as the README shows it.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ChatDbClientTests(ChatDbSilo silo) : IAsyncLifetime
{
    private IHost _client = null!;
    private ChatDbClient _chat = null!;

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

    private static Dictionary<string, JsonElement> Map(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public async Task UsersSessionsAndMessages_RoundTrip()
    {
        var user = "facade-" + Guid.NewGuid().ToString("N")[..10];
        await _chat.CreateUserAsync(user, new UserProfileInput { DisplayName = "Alice" });
        Assert.Equal("Bob", (await _chat.UpdateUserProfileAsync(user, new UserProfilePatch { DisplayName = "Bob" })).DisplayName);

        var session = await _chat.CreateSessionAsync(user, "Trip");
        await _chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "one" });
        await _chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "assistant", Content = "two" });
        Assert.Equal(["two"], (await _chat.GetMessagesAsync(user, session.Id, limit: 1, offset: 1)).Select(m => m.Content));
        Assert.Equal("Renamed", (await _chat.UpdateSessionAsync(user, session.Id, new SessionPatch { Title = "Renamed" })).Title);
        Assert.Equal([session.Id], (await _chat.ListSessionsAsync(user)).Select(s => s.Id));

        Assert.Equal(2, (await _chat.DeleteSessionAsync(user, session.Id)).Messages);
        Assert.Null(await _chat.GetSessionAsync(user, session.Id));
        Assert.Equal(user, (await _chat.DeleteUserAsync(user)).UserId);
        Assert.Null(await _chat.GetUserProfileAsync(user));
    }

    [Fact]
    public async Task DocumentsAndContext_RoundTrip()
    {
        var user = "facade-" + Guid.NewGuid().ToString("N")[..10];
        var session = await _chat.CreateSessionAsync(user);
        var saved = await _chat.SaveDocumentAsync(user, session.Id, "a.txt", [1, 2, 3], Map("{\"lang\":\"en\"}"));
        Assert.Equal("text/plain", saved.MimeType);
        Assert.Equal([1, 2, 3], await _chat.GetDocumentAsync(user, session.Id, "a.txt"));
        Assert.Null(await _chat.GetDocumentAsync(user, session.Id, "missing.txt"));
        Assert.Equal(3, (await _chat.UpdateDocumentAnalysisAsync(user, session.Id, "a.txt", Map("{\"pages\":3}"))).Analysis["pages"].GetInt32());
        Assert.Single(await _chat.ListDocumentsAsync(user, session.Id));

        Assert.Null(await _chat.GetContextAsync(user, session.Id));
        var context = new SituationalContext("Planning", ["Lisbon"], [], DateTimeOffset.UtcNow, 0.9);
        await _chat.UpdateContextAsync(user, session.Id, context);
        await _chat.SaveContextSnapshotAsync(user, session.Id);
        Assert.Equal("Planning", (await _chat.GetContextAsync(user, session.Id))!.Summary);
        Assert.Equal("Planning", Assert.Single(await _chat.GetContextHistoryAsync(user, session.Id)).Context.Summary);
        var summary = await _chat.SummarizeContextAsync(user, session.Id);
        Assert.Equal((false, 0), (summary.Summarized, summary.Messages));
        Assert.Equal("Planning", summary.Context!.Summary);
    }

    [Fact]
    public async Task PanelsAndPersonas_RoundTrip()
    {
        var persona = "fp-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(1, (await _chat.SavePersonaAsync(persona, Map("{\"name\":\"Critic\"}"))).Version);
        Assert.Equal("Critic", (await _chat.GetPersonaAsync(persona))!.Data["name"].GetString());
        Assert.Null(await _chat.GetPersonaAsync(persona, userId: "someone"));
        Assert.Contains(persona, (await _chat.ListPersonasAsync()).Select(p => p.Id));

        var panel = await _chat.CreatePanelAsync("multi_persona", [persona]);
        await _chat.AddPanelMessageAsync(panel.Id, new NewMessage { Role = persona, Content = "No." });
        Assert.Equal(["No."], (await _chat.GetPanelMessagesAsync(panel.Id)).Select(m => m.Content));
        await _chat.SavePanelInsightAsync(panel.Id, Map("{\"conclusion\":\"split\"}"));
        Assert.Single(await _chat.ListPanelInsightsAsync(panel.Id));
    }

    [Fact]
    public async Task Errors_ArriveAsStorageErrorTypes_AndSeparatorsInIdsAreRefused()
    {
        await Assert.ThrowsAsync<NotFoundError>(() => _chat.AddMessageAsync("nobody", "chat_session_20200101_000000_000000", new NewMessage { Role = "user", Content = "x" }));
        await Assert.ThrowsAsync<ValidationError>(() => _chat.CreateSessionAsync(".."));
        var refused = await Assert.ThrowsAsync<ValidationError>(() => _chat.GetPersonaAsync("alice/secret"));
        Assert.Contains("must not contain '/'", refused.Message, StringComparison.Ordinal);
    }
}
