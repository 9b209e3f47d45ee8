using System.CommandLine;
using ChatDb.Grains.Search;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb search user|panel</c>: ranked search over a user's sessions or one panel.</summary>
internal static class SearchCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "Whose messages to search." };
        var query = new Argument<string>("query") { Description = "Words (all must match), \"quoted phrases\", OR." };
        var session = new Option<string>("--session") { Description = "Only this session." };
        var role = new Option<string>("--role") { Description = "Only messages of this role." };
        var mode = new Option<string>("--mode") { Description = "fulltext, vector or hybrid (default: hybrid where vectors exist)." };
        var limit = new Option<int?>("--limit") { Description = "At most this many results (default 20)." };
        var metadata = MetadataArgs.Option("messages");
        var user = new Command("user", "Search a user's messages across sessions, best first.") { userId, query, session, role, mode, limit, metadata };
        user.SetAction((parse, token) => DataRunner.RunAsync(parse, "search user", async (client, output, cancel) =>
        {
            var search = new SearchQuery
            {
                Q = parse.GetValue(query)!,
                SessionId = parse.GetValue(session),
                Role = parse.GetValue(role),
                Mode = Mode(parse.GetValue(mode)),
                Limit = parse.GetValue(limit),
                Metadata = MetadataArgs.Parse(parse.GetValue(metadata)),
            };
            var hits = await client.SearchMessagesAsync(parse.GetValue(userId)!, search, cancel).ConfigureAwait(false);
            await output.WriteAsync(hits, ChatDbJsonContext.Default.IReadOnlyListSearchHit, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var panelId = new Argument<string>("panel-id") { Description = "The panel to search." };
        var panel = new Command("panel", "Search one panel's messages, best first.") { panelId, query, limit };
        panel.SetAction((parse, token) => DataRunner.RunAsync(parse, "search panel", async (client, output, cancel) =>
        {
            var hits = await client.SearchPanelAsync(parse.GetValue(panelId)!, parse.GetValue(query)!, parse.GetValue(limit), cancel).ConfigureAwait(false);
            await output.WriteAsync(hits, ChatDbJsonContext.Default.IReadOnlyListSearchHit, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("search", "Ranked search over messages.", user, panel);
    }

    private static SearchMode? Mode(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "fulltext" => SearchMode.FullText,
        "vector" => SearchMode.Vector,
        "hybrid" => SearchMode.Hybrid,
        _ => throw new ArgumentException($"--mode must be fulltext, vector or hybrid (was \"{text}\")."),
    };

    private static IEnumerable<string> Lines(IReadOnlyList<SearchHit> hits) =>
        hits.Select(h => $"{h.Score:0.000} {h.SessionId} #{h.Message.Seq} {Text.OneLine(h.Snippet)}");
}
