using System.CommandLine;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb trash list|restore</c>: a user's deleted sessions (<c>--user</c>), or deleted panels (<c>--panels</c>).</summary>
internal static class TrashCommands
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "The user whose trash to use." };
        var panels = new Option<bool>("--panels") { Description = "The panels' trash instead of a user's." };
        var list = new Command("list", "List the trash, newest first: a user's deleted sessions (--user), or deleted panels (--panels).") { user, panels };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "trash list", async (client, output, cancel) =>
        {
            var items = Which(parse.GetValue(user), parse.GetValue(panels)) is { } userId
                ? await client.ListTrashAsync(userId, cancel).ConfigureAwait(false)
                : await client.ListPanelTrashAsync(cancel).ConfigureAwait(false);
            await output.WriteAsync(items, ChatDbJsonContext.Default.IReadOnlyListTrashItem,
                all => all.Select(i => $"{i.Id}  {i.Kind}  deleted {Text.Time(i.DeletedAt)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var id = new Argument<string>("id") { Description = "The session id (with --user) or panel id (with --panels) to bring back." };
        var restore = new Command("restore", "Bring a session (--user) or a panel (--panels) back from the trash.") { id, user, panels };
        restore.SetAction((parse, token) => DataRunner.RunAsync(parse, "trash restore", async (client, output, cancel) =>
        {
            if (Which(parse.GetValue(user), parse.GetValue(panels)) is { } userId)
            {
                var session = await client.RestoreSessionAsync(userId, parse.GetValue(id)!, cancel).ConfigureAwait(false);
                await output.WriteAsync(session, ChatDbJsonContext.Default.ChatSession, s => [$"restored session {s.Id}: {Text.OneLine(s.Title)}"]).ConfigureAwait(false);
            }
            else
            {
                var panel = await client.RestorePanelAsync(parse.GetValue(id)!, cancel).ConfigureAwait(false);
                await output.WriteAsync(panel, ChatDbJsonContext.Default.Panel, p => [$"restored panel {p.Id}: {p.Type}"]).ConfigureAwait(false);
            }

            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("trash", "Deleted sessions and panels, until retention erases them.", list, restore);
    }

    /// <summary>The user whose trash is meant, or null for the panels' trash; exactly one of the two must be given.</summary>
    private static string? Which(string? user, bool panels) => (user, panels) switch
    {
        (not null, false) => user,
        (null, true) => null,
        _ => throw new ArgumentException("give either --user USER-ID (a user's deleted sessions) or --panels (deleted panels), not both or neither."),
    };
}
