using ChatDb.Grains.Agents.ChatModels;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Tests.Agents;

public sealed class OfflineChatClientTests
{
    private readonly OfflineChatClient _client = new();

    [Fact]
    public async Task Answer_RepeatsTheInput_AndQuotesTheEarlierMessageSharingMostWords()
    {
        ChatMessage[] prompt =
        [
            new(ChatRole.System, "be brief"),
            new(ChatRole.User, "The weather in Oslo is cold."),
            new(ChatRole.Assistant, "Museums in Oslo are open on Sunday."),
            new(ChatRole.User, "Which museums are open?"),
        ];

        var first = await _client.GetResponseAsync(prompt);
        var second = await _client.GetResponseAsync(prompt);

        Assert.Equal("You said: Which museums are open? Earlier: Museums in Oslo are open on Sunday.", first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
    }

    [Fact]
    public async Task Streaming_GivesTheAnswerAWordAtATime_JoiningToTheSameResponse()
    {
        ChatMessage[] prompt = [new(ChatRole.User, "Walks by  the river?")];
        var options = new ChatOptions { MaxOutputTokens = 4 };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync(prompt, options))
        {
            updates.Add(update);
        }

        var whole = await _client.GetResponseAsync(prompt, options);
        Assert.Equal(["You ", "said: ", "Walks ", "by"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.Equal(whole.Text, updates.ToChatResponse().Text);
        Assert.Equal(ChatFinishReason.Length, updates.ToChatResponse().FinishReason);
        Assert.Equal(["a ", "b  ", "c"], OfflineChatClient.WordPieces("a b  c"));
    }

    [Fact]
    public async Task MaxOutputTokens_CutsTheAnswer_WithFinishReasonLength()
    {
        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "one two three four five")], new ChatOptions { MaxOutputTokens = 3 });

        Assert.Equal("You said: one", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task AToolCommand_ForAnOfferedTool_BecomesAFunctionCall_AndItsResultIsAnswered()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "12:00", "current_time")] };
        List<ChatMessage> prompt = [new(ChatRole.User, "/tool current_time {\"zone\": \"UTC\"}")];

        var request = await _client.GetResponseAsync(prompt, options);
        var call = Assert.Single(request.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        prompt.Add(request.Messages[0]);
        prompt.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "12:00")]));
        var answer = await _client.GetResponseAsync(prompt, options);

        Assert.Equal(("current_time", ChatFinishReason.ToolCalls), (call.Name, request.FinishReason));
        Assert.True(call.Arguments!.ContainsKey("zone"));
        Assert.Equal("Tool current_time returned: 12:00", answer.Text);
    }

    [Fact]
    public async Task AToolCommand_ForAToolNotOffered_IsAnsweredAsText()
    {
        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "/tool delete_everything")]);

        Assert.Equal("You said: /tool delete_everything", response.Text);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }
}
