using ChatDb.Storage;
using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb session create|list|get|update|delete</c>.</summary>
internal static class SessionCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id (chat_session_...)." };
        var title = new Option<string>("--title") { Description = "Session title." };
        var sessionMetadata = new Option<string>("--metadata") { Description = "Session metadata: a JSON object, inline or @file.json." };
        var create = new Command("create", "Create a session; prints its id.") { userId, title, sessionMetadata };
        create.SetAction((parse, token) => DataRunner.RunAsync(parse, "session create", async (client, output, cancel) =>
        {
            var session = await client.CreateSessionAsync(parse.GetValue(userId)!, parse.GetValue(title),
                JsonArgs.OptionalObject(parse.GetValue(sessionMetadata), "--metadata"), cancel).ConfigureAwait(false);
            await output.WriteAsync(session, ChatDbJsonContext.Default.ChatSession, s => [s.Id]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var limit = new Option<int?>("--limit") { Description = "At most this many." };
        var offset = new Option<int>("--offset") { Description = "Skip this many." };
        var query = new Option<string>("--query", "-q") { Description = "Only titles containing this (case-insensitive)." };
        var metadata = MetadataArgs.Option("sessions");
        var list = new Command("list", "List the user's sessions, most recently updated first.") { userId, limit, offset, query, metadata };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "session list", async (client, output, cancel) =>
        {
            var filter = MetadataArgs.Parse(parse.GetValue(metadata));
            var sessions = await (filter is null
                ? client.ListSessionsAsync(parse.GetValue(userId)!, parse.GetValue(limit), parse.GetValue(offset), parse.GetValue(query), cancel)
                : client.ListSessionsAsync(parse.GetValue(userId)!, filter, parse.GetValue(limit), parse.GetValue(offset), parse.GetValue(query), cancel))
                .ConfigureAwait(false);
            await output.WriteAsync(sessions, ChatDbJsonContext.Default.IReadOnlyListChatSession,
                all => all.Select(s => $"{s.Id}  {Text.Time(s.UpdatedAt)}  {Text.OneLine(s.Title)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var get = new Command("get", "Show a session.") { userId, sessionId };
        get.SetAction((parse, token) => DataRunner.RunAsync(parse, "session get", async (client, output, cancel) =>
        {
            var (user, id) = (parse.GetValue(userId)!, parse.GetValue(sessionId)!);
            var session = await client.GetSessionWithETagAsync(user, id, cancel).ConfigureAwait(false)
                ?? throw new NotFoundError($"session {id} of user {user} does not exist.");
            await output.WriteAsync(session.Value, ChatDbJsonContext.Default.ChatSession, Lines).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, session).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var updateIfMatch = ETagArgs.IfMatchOption();
        var update = new Command("update", "Change a session: --title replaces the title, --metadata merges key by key (a null value removes a key).")
        {
            userId, sessionId, title, sessionMetadata, updateIfMatch,
        };
        update.SetAction((parse, token) => DataRunner.RunAsync(parse, "session update", async (client, output, cancel) =>
        {
            var patch = new SessionPatch
            {
                Title = parse.GetValue(title),
                Metadata = JsonArgs.OptionalObject(parse.GetValue(sessionMetadata), "--metadata"),
            };
            if (patch.Title is null && patch.Metadata is null)
            {
                throw new ValidationError("session update: give --title, --metadata or both.");
            }

            var session = await client.UpdateSessionIfMatchAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, patch,
                ETagArgs.IfMatch(parse.GetValue(updateIfMatch)), cancel).ConfigureAwait(false);
            await output.WriteAsync(session.Value, ChatDbJsonContext.Default.ChatSession, Lines).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, session).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var purge = new Option<bool>("--purge") { Description = "Erase at once instead of moving the session to the trash." };
        var ifMatch = ETagArgs.IfMatchOption();
        var delete = new Command("delete", "Delete a session with its messages, documents and context: into the trash when the silo keeps one (Storage:BackupBeforeDelete), else erased.")
        {
            userId, sessionId, purge, ifMatch,
        };
        delete.SetAction((parse, token) => DataRunner.RunAsync(parse, "session delete", async (client, output, cancel) =>
        {
            var (user, id) = (parse.GetValue(userId)!, parse.GetValue(sessionId)!);
            var expected = ETagArgs.IfMatch(parse.GetValue(ifMatch));
            if (parse.GetValue(purge) && expected is not null)
            {
                throw new ValidationError("--if-match is not taken with --purge: an erasure is unconditional (rule: no-if-match-with-purge).");
            }

            var report = parse.GetValue(purge)
                ? await client.PurgeSessionAsync(user, id, cancel).ConfigureAwait(false)
                : await client.DeleteSessionIfMatchAsync(user, id, expected, cancel).ConfigureAwait(false);
            await output.WriteAsync(report, ChatDbJsonContext.Default.SessionDeletionReport, r =>
                [$"{(r.TrashedAt is null ? "deleted session " + r.SessionId : $"moved session {r.SessionId} to the trash")}: {r.Messages} message(s), {r.Documents} document(s), {r.ContextSnapshots} snapshot(s)"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("session", "Chat sessions.", create, list, get, update, delete, MessageEditCommands.ForkCommand(), EventCommands.SessionEvents());
    }

    private static IEnumerable<string> Lines(ChatSession session) =>
    [
        $"session:  {session.Id}",
        $"user:     {session.UserId}",
        $"title:    {Text.OneLine(session.Title)}",
        $"created:  {Text.Time(session.CreatedAt)}",
        $"updated:  {Text.Time(session.UpdatedAt)}",
        $"metadata: {Text.Map(session.Metadata)}",
    ];
}
