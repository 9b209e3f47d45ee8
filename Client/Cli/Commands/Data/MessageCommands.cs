using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb message add|list</c> (and <c>edit|delete|redact</c>, <see cref="MessageEditCommands"/>).</summary>
internal static class MessageCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id." };
        var content = new Argument<string>("content") { Description = "The message text." };
        var role = new Option<string>("--role") { Description = "user, assistant or system.", DefaultValueFactory = _ => "user" };
        var id = new Option<string>("--id") { Description = "A message id of your own; adding again with it changes nothing." };
        var add = new Command("add", "Append a message; prints its sequence number.") { userId, sessionId, content, role, id };
        add.SetAction((parse, token) => DataRunner.RunAsync(parse, "message add", async (client, output, cancel) =>
        {
            var message = new NewMessage { Role = parse.GetValue(role)!, Content = parse.GetValue(content)!, Id = parse.GetValue(id) };
            var added = await client.AddMessageAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, message, cancel).ConfigureAwait(false);
            await output.WriteAsync(added, ChatDbJsonContext.Default.ChatMessage, m => [$"#{m.Seq} {m.Id}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var limit = new Option<int?>("--limit") { Description = "At most this many." };
        var offset = new Option<int>("--offset") { Description = "Skip this many." };
        var after = new Option<long?>("--after") { Description = "Only messages after this sequence number." };
        var before = new Option<long?>("--before") { Description = "Only messages before this sequence number." };
        var history = new Option<bool>("--history") { Description = "Include every version of edited messages." };
        var list = new Command("list", "List messages, oldest first (deleted ones are skipped).") { userId, sessionId, limit, offset, after, before, history };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "message list", async (client, output, cancel) =>
        {
            var query = new MessageQuery
            {
                Limit = parse.GetValue(limit),
                Offset = parse.GetValue(offset),
                AfterSeq = parse.GetValue(after),
                BeforeSeq = parse.GetValue(before),
                IncludeHistory = parse.GetValue(history),
            };
            var messages = await client.GetMessagesAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, query, cancel).ConfigureAwait(false);
            await output.WriteAsync(messages, ChatDbJsonContext.Default.IReadOnlyListChatMessage, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("message", "Messages of a session.", [add, list, .. MessageEditCommands.MessageCommands()]);
    }

    internal static IEnumerable<string> Lines(IReadOnlyList<ChatMessage> messages) =>
        messages.Select(m => $"#{m.Seq} {Text.Time(m.Timestamp)} {m.Role}{(m.Edited ? " (edited)" : string.Empty)}: {Text.OneLine(m.Content)}");
}
