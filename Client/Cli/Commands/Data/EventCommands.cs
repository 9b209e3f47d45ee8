using System.CommandLine;
using System.Globalization;
using ChatDb.Grains.Events;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// <c>chatdb session events</c> and <c>chatdb panel events</c>: a page of an event log, or with <c>--follow</c> the log
/// from <c>--after</c> and then every event as it happens (<c>IChatDb.WatchSessionEventsAsync</c>), until interrupted
/// or <c>--count</c> events were printed.
/// </summary>
internal static class EventCommands
{
    public static Command SessionEvents()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id." };
        var (after, limit) = PageOptions();
        var (follow, count) = FollowOptions();
        var events = new Command("events", "List a page of the session's event log, oldest first (event seq, kind); --json for the events whole; --follow to go on with live events.")
        {
            userId, sessionId, after, limit, follow, count,
        };
        events.SetAction((parse, token) => DataRunner.RunAsync(parse, "session events", async (client, output, cancel) =>
        {
            if (parse.GetValue(follow))
            {
                return await FollowAsync(client.WatchSessionEventsAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(after), cancel),
                    parse.GetValue(count), output).ConfigureAwait(false);
            }

            var page = await client.ReadSessionEventsAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(after), parse.GetValue(limit), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(page, ChatDbJsonContext.Default.ChatEventPage, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return events;
    }

    public static Command PanelEvents()
    {
        var panelId = new Argument<string>("panel-id") { Description = "The panel id." };
        var (after, limit) = PageOptions();
        var (follow, count) = FollowOptions();
        var events = new Command("events", "List a page of the panel's event log, oldest first (event seq, kind); --json for the events whole; --follow to go on with live events.")
        {
            panelId, after, limit, follow, count,
        };
        events.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel events", async (client, output, cancel) =>
        {
            if (parse.GetValue(follow))
            {
                return await FollowAsync(client.WatchPanelEventsAsync(parse.GetValue(panelId)!, parse.GetValue(after), cancel), parse.GetValue(count), output)
                    .ConfigureAwait(false);
            }

            var page = await client.ReadPanelEventsAsync(parse.GetValue(panelId)!, parse.GetValue(after), parse.GetValue(limit), cancel).ConfigureAwait(false);
            await output.WriteAsync(page, ChatDbJsonContext.Default.ChatEventPage, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return events;
    }

    private static (Option<long> After, Option<int> Limit) PageOptions() => (
        new Option<long>("--after") { Description = "Only events after this event seq (0: from the start).", DefaultValueFactory = _ => 0 },
        new Option<int>("--limit") { Description = "At most this many events.", DefaultValueFactory = _ => 100 });

    private static (Option<bool> Follow, Option<int?> Count) FollowOptions() => (
        new Option<bool>("--follow", "-f") { Description = "After the logged events from --after, print each new event as it happens, one a line, until interrupted (--limit does not apply)." },
        new Option<int?>("--count") { Description = "With --follow: stop after printing this many events." });

    private static async Task<int> FollowAsync(IAsyncEnumerable<ChatEvent> events, int? count, CommandOutput output)
    {
        if (count is < 1)
        {
            throw new ValidationError($"--count must be 1 or more, not {count} (rule: count-is-positive).");
        }

        var printed = 0;
        await foreach (var chatEvent in events.ConfigureAwait(false))
        {
            await output.WriteStreamedAsync(chatEvent, ChatDbJsonContext.Default.ChatEvent, Line(chatEvent)).ConfigureAwait(false);
            if (++printed == count)
            {
                break;
            }
        }

        return DataRunner.Ok;
    }

    private static string Line(ChatEvent chatEvent) =>
        string.Create(CultureInfo.InvariantCulture, $"{chatEvent.EventSeq}\t{chatEvent.Kind}\t{chatEvent.Timestamp:O}");

    private static IEnumerable<string> Lines(ChatEventPage page)
    {
        foreach (var chatEvent in page.Events)
        {
            yield return Line(chatEvent);
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"next: {page.Next} (last event seq {page.LastEventSeq})");
    }
}
