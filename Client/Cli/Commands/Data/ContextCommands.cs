using ChatDb.Storage;
using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb context get|set|snapshot|history|summarize</c>.</summary>
internal static class ContextCommands
{
    public static Command Create(TimeProvider time)
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id." };
        var get = new Command("get", "Show the session's situational context.") { userId, sessionId };
        get.SetAction((parse, token) => DataRunner.RunAsync(parse, "context get", async (client, output, cancel) =>
        {
            var (user, session) = (parse.GetValue(userId)!, parse.GetValue(sessionId)!);
            var context = await client.GetContextWithETagAsync(user, session, cancel).ConfigureAwait(false)
                ?? throw new NotFoundError($"session {session} of user {user} has no situational context (or does not exist).");
            await output.WriteAsync(context.Value, ChatDbJsonContext.Default.SituationalContext, Lines).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, context).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var summary = new Option<string>("--summary") { Description = "What the conversation is about.", Required = true };
        var keyPoints = new Option<string[]>("--key-point") { Description = "An important point (repeat for more).", AllowMultipleArgumentsPerToken = false };
        var confidence = new Option<double>("--confidence") { Description = "Confidence, 0 to 1.", DefaultValueFactory = _ => 1.0 };
        var snapshot = new Option<bool>("--snapshot") { Description = "Also save the new context to the history." };
        var ifMatch = ETagArgs.IfMatchOption();
        var set = new Command("set", "Replace the session's situational context.") { userId, sessionId, summary, keyPoints, confidence, snapshot, ifMatch };
        set.SetAction((parse, token) => DataRunner.RunAsync(parse, "context set", async (client, output, cancel) =>
        {
            var (user, session) = (parse.GetValue(userId)!, parse.GetValue(sessionId)!);
            var context = new SituationalContext(parse.GetValue(summary)!, parse.GetValue(keyPoints) ?? [], [], time.GetUtcNow(), parse.GetValue(confidence));
            var stored = await client.UpdateContextIfMatchAsync(user, session, context, ETagArgs.IfMatch(parse.GetValue(ifMatch)), cancel).ConfigureAwait(false);
            if (parse.GetValue(snapshot))
            {
                await client.SaveContextSnapshotAsync(user, session, stored.Value, cancel).ConfigureAwait(false);
            }

            await output.WriteAsync(stored.Value, ChatDbJsonContext.Default.SituationalContext, Lines).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, stored).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var save = new Command("snapshot", "Save the session's current situational context to its history; prints the snapshot's id.") { userId, sessionId };
        save.SetAction((parse, token) => DataRunner.RunAsync(parse, "context snapshot", async (client, output, cancel) =>
        {
            var saved = await client.SaveContextSnapshotAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, null, cancel).ConfigureAwait(false);
            await output.WriteAsync(saved, ChatDbJsonContext.Default.ContextSnapshot, s => [s.Id]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var limit = new Option<int?>("--limit") { Description = "At most this many, the newest." };
        var history = new Command("history", "List the contexts saved to the session's history, newest first.") { userId, sessionId, limit };
        history.SetAction((parse, token) => DataRunner.RunAsync(parse, "context history", async (client, output, cancel) =>
        {
            var contexts = await client.GetContextHistoryAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(limit), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(contexts, ChatDbJsonContext.Default.IReadOnlyListSituationalContext,
                all => all.Select(c => $"{Text.Time(c.Timestamp)}  {c.Confidence:0.##}  {Text.OneLine(c.Summary)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var summarize = new Command("summarize",
            "Fold the messages older than the recent window into the context now (the rolling summary), with the configured model.") { userId, sessionId };
        summarize.SetAction((parse, token) => DataRunner.RunAsync(parse, "context summarize", async (client, output, cancel) =>
        {
            var result = await client.SummarizeContextAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(result, ChatDbJsonContext.Default.RollingSummaryResult, r =>
            [
                r.Summarized ? $"summarized: {r.Messages} messages, through seq {r.ThroughSeq}" : "summarized: nothing new to fold",
                .. r.Context is { } context ? Lines(context) : [],
            ]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("context", "The situational context of a session.", get, set, save, history, summarize);
    }

    private static IEnumerable<string> Lines(SituationalContext context) =>
    [
        $"summary:    {Text.OneLine(context.Summary)}",
        $"key points: {string.Join("; ", context.KeyPoints)}",
        $"confidence: {context.Confidence:0.##}",
        $"captured:   {Text.Time(context.Timestamp)}",
        .. context.SummarizedThroughSeq is { } through ? [$"summarizes: messages through seq {through}"] : Array.Empty<string>(),
    ];
}
