using System.Text.Json;
using ChatDb.Client;
using ChatDb.Grains.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatMessage = ChatDb.Grains.Models.ChatMessage;

namespace ChatDb.Cli.Tests;

/// <summary>Messages to and from Microsoft.Extensions.AI, alone and stored through both clients.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ChatMessageConversionsTests(ChatDbSilo silo) : IAsyncLifetime
{
    private IHost _host = null!;

    public async Task InitializeAsync() => _host = await silo.ConnectClientAsync();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static AIChatMessage ToolTurn() => new(ChatRole.Assistant,
    [
        new TextContent("Looking at "),
        new UriContent(ChatMessageConversions.DocumentUri("chart_1.png"), "image/png"),
        new TextContent("and the map."),
        new UriContent(new Uri("https://example.com/map.png"), "image/png"),
        new FunctionCallContent("call-7", "weather", new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 3 }),
    ])
    {
        MessageId = "turn-7",
        AdditionalProperties = new AdditionalPropertiesDictionary { ["model"] = "small", ["temperature"] = 0.5 },
    };

    [Fact]
    public void FromAIChatMessage_MapsEveryContentToAPart_AndTheTextToContentParts()
    {
        var message = ToolTurn().FromAIChatMessage();
        var parts = Assert.IsAssignableFrom<IReadOnlyList<MessagePart>>(message.Parts);

        Assert.Equal("assistant", message.Role);
        Assert.Equal("turn-7", message.Id);
        Assert.Null(message.Content);
        Assert.Equal([MessagePartTypes.Text, MessagePartTypes.Document, MessagePartTypes.Text, MessagePartTypes.Uri, MessagePartTypes.ToolCall],
            parts.Select(p => p.Type));
        Assert.Equal("chart_1.png", parts[1].Document);
        Assert.Equal(3, parts[4].Arguments!.Value.GetProperty("days").GetInt32());
        Assert.Equal("small", message.Metadata!["model"].GetString());
    }

    [Fact]
    public void PlainTextMessage_BecomesContentWithoutParts_AndBack()
    {
        var message = new AIChatMessage(ChatRole.User, "hello").FromAIChatMessage();
        var stored = new ChatMessage("m1", 1, "user", message.Content!, DateTimeOffset.UnixEpoch, [], []);

        var back = stored.ToAIChatMessage();

        Assert.Equal(("hello", (IReadOnlyList<MessagePart>?)null), (message.Content, message.Parts));
        Assert.Equal("hello", back.Text);
        Assert.IsType<TextContent>(Assert.Single(back.Contents));
        Assert.Equal(ChatRole.User, back.Role);
    }

    [Fact]
    public void ToolResult_RoundTripsItsJson()
    {
        var result = new AIChatMessage(ChatRole.Tool, [new FunctionResultContent("call-7", new Dictionary<string, object?> { ["temp"] = 21 })]).FromAIChatMessage();
        var stored = new ChatMessage("m2", 2, "tool", string.Empty, DateTimeOffset.UnixEpoch, [], []) { Parts = result.Parts };

        var back = Assert.IsType<FunctionResultContent>(Assert.Single(stored.ToAIChatMessage().Contents));

        Assert.Equal("call-7", back.CallId);
        Assert.Equal(21, ((JsonElement)back.Result!).GetProperty("temp").GetInt32());
    }

    [Fact]
    public void InlineData_IsRefusedWithAHint()
    {
        var message = new AIChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2 }, "image/png")]);

        var error = Assert.Throws<NotSupportedException>(() => message.FromAIChatMessage());

        Assert.Contains(ChatMessageConversions.DocumentUriScheme, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolTurn_StoredThroughBothClients_ComesBackAsTheSameAIChatMessage()
    {
        using var rest = new ChatDbRestClient(new Uri(silo.Url), silo.ApiKey);
        IChatDb[] doors = [new ChatDbClient(_host.Services.GetRequiredService<IClusterClient>()), rest];
        foreach (var door in doors)
        {
            var user = "ai-" + Guid.NewGuid().ToString("N")[..10];
            var session = await door.CreateSessionAsync(user, "ai");
            await door.SaveDocumentAsync(user, session.Id, "chart_1.png", [1, 2, 3]);

            await door.AddMessageAsync(user, session.Id, ToolTurn().FromAIChatMessage());
            var back = (await door.GetMessagesAsync(user, session.Id, MessageQuery.Default)).Single().ToAIChatMessage();

            Assert.Equal("Looking at and the map.", back.Text);
            Assert.Equal("turn-7", back.MessageId);
            Assert.Equal(ChatMessageConversions.DocumentUri("chart_1.png"), Assert.IsType<UriContent>(back.Contents[1]).Uri);
            var call = Assert.IsType<FunctionCallContent>(back.Contents[4]);
            Assert.Equal(("call-7", "weather", "Oslo"), (call.CallId, call.Name, ((JsonElement)call.Arguments!["city"]!).GetString()));
            Assert.Equal(0.5, ((JsonElement)back.AdditionalProperties!["temperature"]!).GetDouble());
        }
    }
}
