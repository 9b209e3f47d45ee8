using System.Globalization;
using System.Text.Json.Nodes;
using ChatDb.Tests.Shared;

namespace ChatDb.GoldenTree;

/// <summary>
/// Calls every read route on the tree, finding what to read from the answers (sessions from the session
/// list, documents from the document list, versions from the version list ...), and records each answer
/// under <c>"GET path"</c> in call order.
/// </summary>
internal sealed class GoldenReadBack(HttpClient http)
{
    /// <summary>Pages of 4 show several pages on small conversations; long ones are read in pages of 25.</summary>
    private const int SmallPage = 4;

    private const int LargePage = 25;

    public JsonObject Responses { get; } = [];

    public async Task RecordAsync(WrittenTree tree)
    {
        foreach (var user in tree.Users)
        {
            await ReadUserAsync(user);
        }

        await ReadPersonasAsync("/personas", "/personas");
        foreach (var panel in tree.Panels)
        {
            await ReadPanelAsync(panel);
        }

        await ReadSearchesAsync(tree);
    }

    private async Task ReadUserAsync(string user)
    {
        await GetAsync($"/users/{user}");
        var sessions = await GetAsync($"/users/{user}/sessions") as JsonArray ?? [];
        await GetAsync($"/users/{user}/sessions?limit=2&offset=1");
        await GetAsync($"/users/{user}/sessions?q={Q("LISBON")}");
        foreach (var session in sessions)
        {
            await ReadSessionAsync($"/users/{user}/sessions/{session!["id"]!.GetValue<string>()}");
        }

        await ReadPersonasAsync($"/personas?userId={Q(user)}", $"/users/{user}/personas");
    }

    private async Task ReadSessionAsync(string path)
    {
        await GetAsync(path);
        var messages = await ReadMessagesAsync(path + "/messages");
        if (messages.Count >= 6)
        {
            await GetAsync(path + "/messages?after=3&limit=2");
            await GetAsync(path + "/messages?before=5");
            await GetAsync(path + "/messages?latest=true&limit=3");
            var from = messages[2]!["timestamp"]!.GetValue<string>();
            var to = messages[5]!["timestamp"]!.GetValue<string>();
            await GetAsync($"{path}/messages?from={Q(from)}&to={Q(to)}");
        }

        if (messages.Count > 64)
        {
            // Past the first entry of the sparse offset index.
            await GetAsync(path + "/messages?after=65&limit=3");
        }

        var documents = await GetAsync(path + "/documents") as JsonArray ?? [];
        foreach (var document in documents)
        {
            await GetAsync($"{path}/documents/{document!["filename"]!.GetValue<string>()}");
        }

        await GetAsync(path + "/context");
        await GetAsync(path + "/context/history");
        await GetAsync(path + "/context/history?limit=1");
    }

    /// <summary>The default list, then every page up to the first short one.</summary>
    private async Task<JsonArray> ReadMessagesAsync(string path)
    {
        var all = await GetAsync(path) as JsonArray ?? [];
        var size = all.Count > 20 ? LargePage : SmallPage;
        for (var offset = 0; ; offset += size)
        {
            var page = await GetAsync(string.Create(CultureInfo.InvariantCulture, $"{path}?limit={size}&offset={offset}")) as JsonArray;
            if (page is null || page.Count < size)
            {
                return all;
            }
        }
    }

    private async Task ReadPersonasAsync(string listPath, string personaPath)
    {
        var personas = await GetAsync(listPath) as JsonArray ?? [];
        foreach (var persona in personas)
        {
            var path = $"{personaPath}/{persona!["id"]!.GetValue<string>()}";
            await GetAsync(path);
            var versions = await GetAsync(path + "/versions") as JsonArray ?? [];
            foreach (var version in versions)
            {
                await GetAsync(string.Create(CultureInfo.InvariantCulture, $"{path}/versions/{version!["version"]!.GetValue<int>()}"));
            }
        }
    }

    private async Task ReadPanelAsync(string panel)
    {
        var path = $"/panels/{panel}";
        await GetAsync(path);
        await ReadMessagesAsync(path + "/messages");
        await GetAsync(path + "/insights");
    }

    /// <summary>Full-text queries (exact scores), then one query in each other mode, with small limits.</summary>
    private async Task ReadSearchesAsync(WrittenTree tree)
    {
        var alice = $"/users/{GoldenScenario.Alice}/search";
        await GetAsync($"{alice}?q=lisbon&mode=fulltext");
        await GetAsync($"{alice}?q={Q("\"connection pool\"")}&mode=fulltext");
        await GetAsync($"{alice}?q=pool&role=assistant&mode=fulltext");
        await GetAsync($"{alice}?q={Q("postgres OR mysql")}&mode=fulltext&limit=2");
        await GetAsync($"{alice}?q={Q("東京")}&mode=fulltext");
        await GetAsync($"{alice}?q=creme&mode=fulltext");
        await GetAsync($"{alice}?q={Q("سينترا")}&mode=fulltext");
        await GetAsync($"{alice}?q=tram&sessionId={tree.TripSessionId}&mode=fulltext");
        await GetAsync($"{alice}?q=pool&entity=PgBouncer&mode=fulltext");
        await GetAsync($"{alice}?q=lisbon&limit=3");
        await GetAsync($"{alice}?q=tram&mode=hybrid&limit=3");
        await GetAsync($"{alice}?q=trams&mode=vector&limit=3");
        await GetAsync($"/users/{GoldenScenario.Bob}/search?q=tomatoes&mode=fulltext");
        await GetAsync($"/panels/{tree.Panels[0]}/search?q=inflation");
        await GetAsync($"/panels/{tree.Panels[0]}/search?q={Q("\"printing press\"")}");
        await GetAsync($"/panels/{tree.Panels[0]}/search?q=silver&limit=1");
        await GetAsync($"/panels/{tree.Panels[1]}/search?q=remote");
    }

    private static string Q(string value) => Uri.EscapeDataString(value);

    /// <summary>Records <c>GET path</c> (once) and returns the JSON body it answered, if any.</summary>
    private async Task<JsonNode?> GetAsync(string path)
    {
        var route = "GET " + path;
        if (!Responses.ContainsKey(route))
        {
            Responses[route] = await GoldenResponses.RecordAsync(http, route);
        }

        return Responses[route]!["body"];
    }
}
