using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb message add|list|add-batch|tokens</c> (and <c>edit|delete|redact</c>, <see cref="MessageEditCommands"/>).</summary>
internal static class MessageCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id." };
        var content = new Argument<string?>("content")
        {
            Description = "The message text; may be left out with --parts (it is then the text parts joined).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var parts = new Option<string>("--parts") { Description = "Structured content: a JSON array of parts, inline or @file.json (docs/API.md)." };
        var role = new Option<string>("--role") { Description = "user, assistant or system.", DefaultValueFactory = _ => "user" };
        var id = new Option<string>("--id") { Description = "A message id of your own; adding again with it changes nothing." };
        var add = new Command("add", "Append a message; prints its sequence number.") { userId, sessionId, content, role, id, parts };
        add.SetAction((parse, token) => DataRunner.RunAsync(parse, "message add", async (client, output, cancel) =>
        {
            var message = new NewMessage
            {
                Role = parse.GetValue(role)!,
                Content = parse.GetValue(content),
                Id = parse.GetValue(id),
                Parts = JsonArgs.OptionalParts(parse.GetValue(parts), "--parts"),
            };
            var added = await client.AddMessageAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, message, cancel).ConfigureAwait(false);
            await output.WriteAsync(added, ChatDbJsonContext.Default.ChatMessage, m => [$"#{m.Seq} {m.Id}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var limit = new Option<int?>("--limit") { Description = "At most this many." };
        var offset = new Option<int>("--offset") { Description = "Skip this many." };
        var after = new Option<long?>("--after") { Description = "Only messages after this sequence number." };
        var before = new Option<long?>("--before") { Description = "Only messages before this sequence number." };
        var fitTokens = new Option<int?>("--fit-tokens") { Description = "Only the newest messages whose tokens sum to at most this many (alone)." };
        var metadata = MetadataArgs.Option("messages");
        var history = new Option<bool>("--history") { Description = "Include every version of edited messages." };
        var list = new Command("list", "List messages, oldest first (deleted ones are skipped).") { userId, sessionId, limit, offset, after, before, fitTokens, metadata, history };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "message list", async (client, output, cancel) =>
        {
            var query = new MessageQuery
            {
                Limit = parse.GetValue(limit),
                Offset = parse.GetValue(offset),
                AfterSeq = parse.GetValue(after),
                BeforeSeq = parse.GetValue(before),
                FitTokens = parse.GetValue(fitTokens),
                Metadata = MetadataArgs.Parse(parse.GetValue(metadata)),
                IncludeHistory = parse.GetValue(history),
            };
            var messages = await client.GetMessagesAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, query, cancel).ConfigureAwait(false);
            await output.WriteAsync(messages, ChatDbJsonContext.Default.IReadOnlyListChatMessage, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("message", "Messages of a session.",
            [add, list, MessageBatchCommands.AddBatch(userId, sessionId), MessageBatchCommands.Tokens(userId, sessionId), .. MessageEditCommands.MessageCommands()]);
    }

    internal static IEnumerable<string> Lines(IReadOnlyList<ChatMessage> messages) =>
        messages.Select(m => $"#{m.Seq} {Text.Time(m.Timestamp)} {m.Role}{(m.Edited ? " (edited)" : string.Empty)}: {Text.OneLine(m.Content)}");
}
