using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>Parts, token counts and batches as they land in <c>messages.jsonl</c>.</summary>
public sealed class FlatfileStructuredMessageTests
{
    [Fact]
    public async Task PartsAndTokens_AreStoredSnakeCaseAfterTheSeedFields_AndABatchIsOneGroupOfLines()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("u1").CreateSessionAsync("parts", null);
        var arguments = JsonDocument.Parse("""{"city":"Oslo"}""").RootElement;

        await chat.Session(session).AddMessageAsync(new NewMessage
        {
            Id = "c-1",
            Role = "assistant",
            Parts = [MessagePart.FromText("Checking."), MessagePart.ToolCall("c1", "weather", arguments)],
        });
        await chat.Session(session).AddMessagesAsync([new NewMessage { Role = "user", Content = "a" }, new NewMessage { Role = "user", Content = "b" }]);
        await chat.RestartAsync();
        var read = await chat.Session(session).GetMessagesAsync(MessageQuery.Default);

        var lines = File.ReadAllLines(chat.PathOf($"users/u1/{session.Id}/messages.jsonl"));
        Assert.Equal(3, lines.Length);
        Assert.Contains(""","parts":[{"type":"text","text":"Checking."},{"type":"tool_call","call_id":"c1","name":"weather","arguments":{"city":"Oslo"}}],"tokens":""", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\"parts\"", lines[1], StringComparison.Ordinal);
        Assert.Equal(["Checking.", "a", "b"], read.Select(m => m.Content));
        Assert.Equal("weather", read[0].Parts![1].Name);
        Assert.All(read, m => Assert.True(m.Tokens > 0));
    }
}
