using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb message edit|delete|redact</c> and <c>chatdb session fork</c>: changes that never renumber messages.</summary>
internal static class MessageEditCommands
{
    public static IEnumerable<Command> MessageCommands()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id." };
        var seq = new Argument<long>("seq") { Description = "The message's sequence number." };

        var content = new Option<string>("--content") { Description = "The new text." };
        var metadata = new Option<string>("--metadata") { Description = "JSON object merged into the metadata (a key set to null is removed), or @file.json." };
        var edit = new Command("edit", "Write a new version of a message; prints it.") { userId, sessionId, seq, content, metadata };
        edit.SetAction((parse, token) => DataRunner.RunAsync(parse, "message edit", async (client, output, cancel) =>
        {
            var patch = new MessagePatch
            {
                Content = parse.GetValue(content),
                Metadata = JsonArgs.OptionalObject(parse.GetValue(metadata), "--metadata"),
            };
            if (patch.Content is null && patch.Metadata is null)
            {
                throw new ValidationError("message edit needs --content or --metadata (or both).");
            }

            var edited = await client.EditMessageAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(seq), patch, cancel).ConfigureAwait(false);
            await output.WriteAsync(edited, ChatDbJsonContext.Default.ChatMessage, m => Data.MessageCommands.Lines([m])).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var delete = new Command("delete", "Delete a message: lists skip it, its sequence number stays taken.") { userId, sessionId, seq };
        delete.SetAction((parse, token) => DataRunner.RunAsync(parse, "message delete", async (client, output, cancel) =>
        {
            var number = parse.GetValue(seq);
            await client.DeleteMessageAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, number, cancel).ConfigureAwait(false);
            await output.WriteDoneAsync($"deleted message #{number}").ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var redact = new Command("redact", "Erase a message's content from the disk for good (also in the session's forks; backups taken before keep it).")
        {
            userId, sessionId, seq,
        };
        redact.SetAction((parse, token) => DataRunner.RunAsync(parse, "message redact", async (client, output, cancel) =>
        {
            var number = parse.GetValue(seq);
            await client.RedactMessageAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, number, cancel).ConfigureAwait(false);
            await output.WriteDoneAsync($"redacted message #{number}").ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return [edit, delete, redact];
    }

    public static Command ForkCommand()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session to fork." };
        var atSeq = new Option<long?>("--at") { Description = "The last message to copy (default: the last one); an earlier one makes a branch." };
        var title = new Option<string>("--title") { Description = "The fork's title (default: the origin's)." };
        var fork = new Command("fork", "Copy a session up to a message into a new session; prints the new session's id.") { userId, sessionId, atSeq, title };
        fork.SetAction((parse, token) => DataRunner.RunAsync(parse, "session fork", async (client, output, cancel) =>
        {
            var request = new ForkRequest { AtSeq = parse.GetValue(atSeq), Title = parse.GetValue(title) };
            var session = await client.ForkSessionAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, request, cancel).ConfigureAwait(false);
            await output.WriteAsync(session, ChatDbJsonContext.Default.ChatSession, s => [s.Id]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return fork;
    }
}
