using System.CommandLine;
using System.Globalization;
using ChatDb.Grains.Events;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb session events</c> and <c>chatdb panel events</c>: a page of an event log.</summary>
internal static class EventCommands
{
    public static Command SessionEvents()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id." };
        var (after, limit) = PageOptions();
        var events = new Command("events", "List a page of the session's event log, oldest first (event seq, kind); --json for the events whole.")
        {
            userId, sessionId, after, limit,
        };
        events.SetAction((parse, token) => DataRunner.RunAsync(parse, "session events", async (client, output, cancel) =>
        {
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
        var events = new Command("events", "List a page of the panel's event log, oldest first (event seq, kind); --json for the events whole.")
        {
            panelId, after, limit,
        };
        events.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel events", async (client, output, cancel) =>
        {
            var page = await client.ReadPanelEventsAsync(parse.GetValue(panelId)!, parse.GetValue(after), parse.GetValue(limit), cancel).ConfigureAwait(false);
            await output.WriteAsync(page, ChatDbJsonContext.Default.ChatEventPage, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return events;
    }

    private static (Option<long> After, Option<int> Limit) PageOptions() => (
        new Option<long>("--after") { Description = "Only events after this event seq (0: from the start).", DefaultValueFactory = _ => 0 },
        new Option<int>("--limit") { Description = "At most this many events.", DefaultValueFactory = _ => 100 });

    private static IEnumerable<string> Lines(ChatEventPage page)
    {
        foreach (var chatEvent in page.Events)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{chatEvent.EventSeq}\t{chatEvent.Kind}\t{chatEvent.Timestamp:O}");
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"next: {page.Next} (last event seq {page.LastEventSeq})");
    }
}
