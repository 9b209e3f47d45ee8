using System.CommandLine;
using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb memory add|get|list|update|delete|recall|extract</c>: a user's long-term memories (docs/MEMORY.md).</summary>
internal static class MemoryCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The user whose memories these are." };
        var memoryId = new Argument<string>("memory-id") { Description = "The memory id (mem_ and 32 hex digits)." };
        var agent = new Option<string>("--agent") { Description = "Only this agent's memories and the user's unscoped ones." };
        return DataOptions.Group("memory", "A user's long-term memories: facts recalled by meaning and by words.",
            AddCommand(userId), GetCommand(userId, memoryId), ListCommand(userId, agent), UpdateCommand(userId, memoryId),
            DeleteCommand(userId, memoryId), RecallCommand(userId, agent), ExtractCommand(userId, agent));
    }

    private static Command AddCommand(Argument<string> userId)
    {
        var text = new Argument<string>("text") { Description = $"The fact, at most {Memory.MaxTextChars} characters." };
        var importance = new Option<double?>("--importance") { Description = "0 to 1 (default 0.5); weighs recall." };
        var expiresAt = new Option<DateTimeOffset?>("--expires-at") { Description = "From then on the memory is neither listed nor recalled (ISO 8601)." };
        var agent = new Option<string>("--agent") { Description = "The memory belongs to this agent of the user only." };
        var command = new Command("add", "Add a memory; prints its id.") { userId, text, importance, expiresAt, agent };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "memory add", async (client, output, cancel) =>
        {
            var memory = new NewMemory
            {
                Text = parse.GetValue(text)!,
                Importance = parse.GetValue(importance),
                ExpiresAt = parse.GetValue(expiresAt),
                AgentId = parse.GetValue(agent),
            };
            var added = await client.AddMemoryAsync(parse.GetValue(userId)!, memory, cancel).ConfigureAwait(false);
            await output.WriteAsync(added, MemoryJsonContext.Default.Memory, m => [m.Id]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command GetCommand(Argument<string> userId, Argument<string> memoryId)
    {
        var command = new Command("get", "Show a memory.") { userId, memoryId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "memory get", async (client, output, cancel) =>
        {
            var (user, id) = (parse.GetValue(userId)!, parse.GetValue(memoryId)!);
            var memory = await client.GetMemoryAsync(user, id, cancel).ConfigureAwait(false)
                ?? throw new NotFoundError($"memory {id} of user {user} does not exist.");
            await output.WriteAsync(memory, MemoryJsonContext.Default.Memory, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command ListCommand(Argument<string> userId, Option<string> agent)
    {
        var includeExpired = new Option<bool>("--include-expired") { Description = "Also the memories whose expiry has passed." };
        var offset = new Option<int>("--offset") { Description = "Skip this many first." };
        var limit = new Option<int?>("--limit") { Description = $"At most this many (default {MemoryQuery.DefaultLimit})." };
        var command = new Command("list", "List the user's memories, oldest first.") { userId, agent, includeExpired, offset, limit };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "memory list", async (client, output, cancel) =>
        {
            var query = new MemoryQuery
            {
                AgentId = parse.GetValue(agent),
                IncludeExpired = parse.GetValue(includeExpired),
                Offset = parse.GetValue(offset),
                Limit = parse.GetValue(limit),
            };
            var memories = await client.ListMemoriesAsync(parse.GetValue(userId)!, query, cancel).ConfigureAwait(false);
            await output.WriteAsync(memories, MemoryJsonContext.Default.IReadOnlyListMemory, all => all.Select(Line)).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command UpdateCommand(Argument<string> userId, Argument<string> memoryId)
    {
        var text = new Option<string>("--text") { Description = "The new text." };
        var importance = new Option<double?>("--importance") { Description = "The new importance, 0 to 1." };
        var expiresAt = new Option<DateTimeOffset?>("--expires-at") { Description = "The new expiry (ISO 8601)." };
        var clearExpiry = new Option<bool>("--clear-expiry") { Description = "The memory no longer expires." };
        var command = new Command("update", "Change a memory's text, importance or expiry; the other fields stay.")
            { userId, memoryId, text, importance, expiresAt, clearExpiry };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "memory update", async (client, output, cancel) =>
        {
            var patch = new MemoryPatch
            {
                Text = parse.GetValue(text),
                Importance = parse.GetValue(importance),
                ExpiresAt = parse.GetValue(expiresAt),
                ClearExpiry = parse.GetValue(clearExpiry) ? true : null,
            };
            if (patch is { Text: null, Importance: null, ExpiresAt: null, ClearExpiry: null })
            {
                throw new ArgumentException("give at least one of --text, --importance, --expires-at, --clear-expiry.");
            }

            var updated = await client.UpdateMemoryAsync(parse.GetValue(userId)!, parse.GetValue(memoryId)!, patch, cancel).ConfigureAwait(false);
            await output.WriteAsync(updated, MemoryJsonContext.Default.Memory, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command DeleteCommand(Argument<string> userId, Argument<string> memoryId)
    {
        var command = new Command("delete", "Remove a memory.") { userId, memoryId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "memory delete", async (client, output, cancel) =>
        {
            var (user, id) = (parse.GetValue(userId)!, parse.GetValue(memoryId)!);
            if (!await client.DeleteMemoryAsync(user, id, cancel).ConfigureAwait(false))
            {
                throw new NotFoundError($"memory {id} of user {user} does not exist.");
            }

            await output.WriteDoneAsync($"deleted memory {id}").ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command RecallCommand(Argument<string> userId, Option<string> agent)
    {
        var query = new Argument<string>("query") { Description = "What to recall: a question or a few words." };
        var k = new Option<int?>("--k") { Description = $"How many memories, 1 to {MemoryRecallQuery.MaxK} (default {MemoryRecallQuery.DefaultK})." };
        var command = new Command("recall", "The memories that best answer the query, best first, with their scores.") { userId, query, k, agent };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "memory recall", async (client, output, cancel) =>
        {
            var hits = await client.RecallMemoriesAsync(parse.GetValue(userId)!, parse.GetValue(query)!, parse.GetValue(k), parse.GetValue(agent), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(hits, MemoryJsonContext.Default.IReadOnlyListMemoryHit,
                all => all.Select(h => $"{h.Score.ToString("0.0000", CultureInfo.InvariantCulture)}  {Line(h.Memory)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command ExtractCommand(Argument<string> userId, Option<string> agent)
    {
        var sessionId = new Argument<string>("session-id") { Description = "The user's session to read." };
        var fromSeq = new Option<long?>("--from-seq") { Description = "The first message seq to read (default: every message)." };
        var command = new Command("extract", "Extract memories from a session's messages with the configured extractor; prints what changed.")
            { userId, sessionId, fromSeq, agent };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "memory extract", async (client, output, cancel) =>
        {
            var result = await client.ExtractMemoriesAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(fromSeq), parse.GetValue(agent), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(result, MemoryJsonContext.Default.MemoryExtractionResult, r =>
            [
                .. r.Added.Select(m => "added    " + Line(m)),
                .. r.Updated.Select(m => "updated  " + Line(m)),
                .. r.Deleted.Select(m => "deleted  " + Line(m)),
                .. r.IsEmpty ? ["nothing new to remember"] : Array.Empty<string>(),
            ]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static string Line(Memory memory) =>
        $"{memory.Id}  {memory.Importance.ToString("0.##", CultureInfo.InvariantCulture)}  {Text.OneLine(memory.Text)}";

    private static IEnumerable<string> Lines(Memory memory) =>
    [
        $"id:         {memory.Id}",
        $"text:       {Text.OneLine(memory.Text)}",
        $"importance: {memory.Importance.ToString("0.##", CultureInfo.InvariantCulture)}",
        $"created:    {Text.Time(memory.CreatedAt)}",
        $"updated:    {Text.Time(memory.UpdatedAt)}",
        .. memory.ExpiresAt is { } expires ? [$"expires:    {Text.Time(expires)}"] : Array.Empty<string>(),
        .. memory.AgentId is { } agentId ? [$"agent:      {agentId}"] : Array.Empty<string>(),
        .. memory.Source.SessionId is { } session ? [$"source:     {session} seqs {string.Join(',', memory.Source.Seqs)}"] : Array.Empty<string>(),
    ];
}
