using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class StructuredMessageTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private async Task<ISessionGrain> NewSessionAsync() =>
        _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("parts", null));

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task AddMessage_WithParts_StoresThem_DerivesTheContentFromTheTextParts_AndFillsTheDocumentsMediaType()
    {
        var session = await NewSessionAsync();
        await session.SaveDocumentAsync("chart.png", [1, 2, 3], null, null);

        var added = await session.AddMessageAsync(new NewMessage
        {
            Role = "assistant",
            Parts =
            [
                MessagePart.FromText("Here is the chart. "),
                MessagePart.FromDocument("chart.png"),
                MessagePart.FromText("Shall I look it up?"),
                MessagePart.ToolCall("call-1", "lookup", Parse("""{"city":"Oslo"}""")),
            ],
        });
        var read = Assert.Single(await session.GetMessagesAsync(MessageQuery.Default));

        Assert.Equal("Here is the chart. Shall I look it up?", added.Content);
        Assert.Equal(read.Content, added.Content);
        Assert.Equal([MessagePartTypes.Text, MessagePartTypes.Document, MessagePartTypes.Text, MessagePartTypes.ToolCall], read.Parts!.Select(p => p.Type));
        Assert.Equal("image/png", read.Parts![1].MediaType);
        Assert.Equal(("call-1", "lookup", "Oslo"), (read.Parts[3].CallId, read.Parts[3].Name, read.Parts[3].Arguments!.Value.GetProperty("city").GetString()));
    }

    [Fact]
    public async Task AddMessage_WithAToolResultAndNoText_HasEmptyContent()
    {
        var session = await NewSessionAsync();

        var added = await session.AddMessageAsync(new NewMessage { Role = "tool", Parts = [MessagePart.ToolResult("call-1", Parse("""{"temp":21}"""))] });

        Assert.Equal(string.Empty, added.Content);
        Assert.Equal(21, added.Parts![0].Result!.Value.GetProperty("temp").GetInt32());
    }

    [Fact]
    public async Task PlainMessage_HasNoParts()
    {
        var session = await NewSessionAsync();

        var added = await session.AddMessageAsync(new NewMessage { Role = "user", Content = "plain" });

        Assert.Null(added.Parts);
        Assert.Null(Assert.Single(await session.GetMessagesAsync(MessageQuery.Default)).Parts);
    }

    public static TheoryData<string, string> BadParts => new()
    {
        { """[{"type":"video","text":"x"}]""", "part-type" },
        { """[{"type":"text"}]""", "part-fields" },
        { """[{"type":"text","text":"x","name":"stray"}]""", "name" },
        { """[{"type":"tool_call","callId":"c","name":"f","arguments":[1]}]""", "arguments as a JSON object" },
        { """[{"type":"tool_call","name":"f"}]""", "callId" },
        { """[{"type":"uri","uri":"not a uri","mediaType":"image/png"}]""", "absolute-uri" },
        { """[{"type":"uri","uri":"https://example.com/a.png"}]""", "mediaType" },
        { """[{"type":"document","document":"missing.pdf"}]""", "document-exists" },
    };

    [Theory]
    [MemberData(nameof(BadParts))]
    public async Task AddMessage_WithABadPart_IsRejectedNamingTheRule_AndWritesNothing(string parts, string named)
    {
        var session = await NewSessionAsync();
        var list = JsonSerializer.Deserialize(parts, Serialization.ChatDbJsonContext.Default.IReadOnlyListMessagePart)!;

        var error = await Assert.ThrowsAsync<ValidationError>(() => session.AddMessageAsync(new NewMessage { Role = "user", Parts = list }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await session.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessage_WithContentThatIsNotTheTextParts_IsRejected()
    {
        var session = await NewSessionAsync();

        var error = await Assert.ThrowsAsync<ValidationError>(() => session.AddMessageAsync(
            new NewMessage { Role = "user", Content = "something else", Parts = [MessagePart.FromText("hi")] }));

        Assert.Contains("content-is-text-parts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMessage_WithNeitherContentNorParts_IsRejected()
    {
        var session = await NewSessionAsync();

        var error = await Assert.ThrowsAsync<ValidationError>(() => session.AddMessageAsync(new NewMessage { Role = "user" }));

        Assert.Contains("not-null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PanelMessage_WithParts_IsStored_ButADocumentPartIsRefused()
    {
        var panel = await _chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync("t", ["analyst_ai"], null);
        var grain = _chat.Client.GetGrain<IPanelGrain>(panel.Id);

        var added = await grain.AddMessageAsync(new NewMessage { Role = "analyst_ai", Parts = [MessagePart.FromText("a"), MessagePart.ToolCall("c1", "f", Parse("{}"))] });
        var error = await Assert.ThrowsAsync<ValidationError>(() => grain.AddMessageAsync(
            new NewMessage { Role = "analyst_ai", Parts = [MessagePart.FromDocument("x.pdf")] }));

        Assert.Equal("a", added.Content);
        Assert.Equal(2, (await grain.GetMessagesAsync(MessageQuery.Default)).Single().Parts!.Count);
        Assert.Contains("no-documents", error.Message, StringComparison.Ordinal);
    }
}
