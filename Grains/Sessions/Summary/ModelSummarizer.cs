using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatMessage = ChatDb.Grains.Models.ChatMessage;

namespace ChatDb.Grains.Sessions.Summary;

/// <summary>The summary a configured chat model makes: the summary so far and the folded messages in, the new summary out.</summary>
internal static class ModelSummarizer
{
    public static async Task<string> SummarizeAsync(IChatClient client, string? summarySoFar, IReadOnlyList<ChatMessage> messages, int maxChars, CancellationToken cancellationToken)
    {
        var instructions = string.Create(CultureInfo.InvariantCulture,
            $"You keep the running summary of a conversation. Merge the summary so far with the new messages into one summary of at most {maxChars} characters. Keep facts about the people, decisions, names, numbers, dates and open questions; drop greetings and repetition. Answer with the summary text only.");
        var input = new StringBuilder();
        input.Append("Summary so far:\n").Append(string.IsNullOrWhiteSpace(summarySoFar) ? "(none)" : summarySoFar.Trim()).Append("\n\nNew messages:\n");
        foreach (var message in messages)
        {
            input.Append(CultureInfo.InvariantCulture, $"[{message.Seq}] {message.Role}: {message.Content}\n");
        }

        var response = await client.GetResponseAsync([new AiChatMessage(ChatRole.System, instructions), new AiChatMessage(ChatRole.User, input.ToString())],
            cancellationToken: cancellationToken);
        var text = response.Text.Trim();
        return text.Length <= maxChars ? text : text[..maxChars];
    }
}
