using System.Text;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// One user's worth of chat data touching every grain and facet: a profile, two sessions with messages
/// (attachments, metadata, a client id, a caller timestamp), documents with analysis, a situational context
/// with several snapshots, a panel with messages and insights, and global and user personas with several
/// versions. <see cref="ReadAsync"/> reads all of it back through the grains.
/// </summary>
internal static class ChatScenario
{
    public const string UserId = "u1";
    public const string ClientMessageId = "client-msg-1";

    /// <summary>Every byte value, in an order that is not trivially regular.</summary>
    public static readonly byte[] ReportBytes = [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 37) + (i / 256)))];

    public static readonly byte[] NotesBytes = Encoding.UTF8.GetBytes("notes: héllo ✓\r\nsecond line\n");

    public static async Task<Written> WriteAsync(FlatfileChatCluster chat, string userId = UserId)
    {
        var step = TimeSpan.FromMilliseconds(1234.567);
        var user = chat.User(userId);
        await user.PutProfileAsync(new UserProfileInput
        {
            DisplayName = "Ada Lovelace",
            Preferences = Json.Map("theme", "\"dark\"", "language", "\"en\""),
            Data = Json.Map("plan", "\"pro\"", "quota", "{\"messages\":1000,\"tags\":[\"a\",\"b\"]}"),
        });
        chat.Clock.Advance(step);
        await user.UpdateProfileAsync(new UserProfilePatch { Preferences = Json.Map("language", "null", "font", "14") });

        chat.Clock.Advance(step);
        var research = await user.CreateSessionAsync("Research", Json.Map("model", "\"m-1\"", "temperature", "0.25"));
        var grain = chat.Session(research);
        await grain.SaveDocumentAsync("report.pdf", ReportBytes, null, Json.Map("pages", "3"));
        await grain.UpdateDocumentAnalysisAsync("report.pdf", Json.Map("summary", "\"quarterly numbers\"", "pages", "4"));
        await grain.SaveDocumentAsync("notes.txt", NotesBytes, "text/plain; charset=utf-8", null);
        chat.Clock.Advance(step);
        await grain.AddMessageAsync(new NewMessage
        {
            Id = ClientMessageId,
            Role = "user",
            Content = "Summarise the report, please.\nLine two: \"quoted\" ✓",
            Attachments = ["report.pdf", "notes.txt"],
            Metadata = Json.Map("clientKey", "\"k-1\"", "nested", "{\"a\":[1,2.5,null,true]}"),
        });
        chat.Clock.Advance(step);
        await grain.AddMessageAsync(new NewMessage { Role = "assistant", Content = "Revenue grew 12 %." });
        await grain.AddMessageAsync(new NewMessage
        {
            Role = "system",
            Content = "imported",
            Timestamp = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567),
        });
        chat.Clock.Advance(step);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "Thanks." });

        await grain.UpdateContextAsync(new SituationalContext("first look", ["revenue"], new() { ["topics"] = ["finance"] }, default, 0.5));
        await grain.SaveContextSnapshotAsync(null);
        chat.Clock.Advance(step);
        await grain.UpdateContextAsync(new SituationalContext("deeper", ["revenue", "costs"], new() { ["people"] = ["Ada"], ["topics"] = ["finance"] }, default, 0.75));
        await grain.SaveContextSnapshotAsync(null);
        chat.Clock.Advance(step);
        await grain.SaveContextSnapshotAsync(new SituationalContext("aside", [], [], new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), 1));

        chat.Clock.Advance(step);
        var smalltalk = await user.CreateSessionAsync(null, null);
        await chat.Session(smalltalk).AddMessageAsync(new NewMessage { Role = "user", Content = "hi" });
        chat.Clock.Advance(step);
        await chat.Session(smalltalk).UpdateAsync(new SessionPatch { Title = "Small talk", Metadata = Json.Map("pinned", "true") });
        chat.Clock.Advance(step);
        await chat.Session(smalltalk).AddMessageAsync(new NewMessage { Role = "assistant", Content = "hello!" });

        await chat.GlobalPersona("analyst").SaveAsync(Json.Map("name", "\"Analyst\"", "style", "\"terse\""));
        chat.Clock.Advance(step);
        await chat.GlobalPersona("analyst").SaveAsync(Json.Map("name", "\"Analyst\"", "style", "\"thorough\""));
        await chat.GlobalPersona("analyst").SaveAsync(Json.Map("name", "\"Analyst\"", "style", "\"balanced\"", "traits", "[\"curious\"]"));
        await chat.GlobalPersona("critic").SaveAsync(Json.Map("name", "\"Critic\""));
        await chat.UserPersona(userId, "tutor").SaveAsync(Json.Map("name", "\"Tutor\"", "level", "1"));
        chat.Clock.Advance(step);
        await chat.UserPersona(userId, "tutor").SaveAsync(Json.Map("name", "\"Tutor\"", "level", "2"));

        chat.Clock.Advance(step);
        var panel = await chat.Panels.CreatePanelAsync("focus_group", ["analyst", "critic"], Json.Map("rounds", "2"));
        var panelGrain = chat.Panel(panel.Id);
        await panelGrain.AddMessageAsync(new NewMessage { Role = "moderator", Content = "Topic: pricing." });
        chat.Clock.Advance(step);
        await panelGrain.AddMessageAsync(new NewMessage { Role = "analyst", Content = "Prices are low.", Id = "panel-msg-1", Metadata = Json.Map("confidence", "0.9") });
        await panelGrain.AddMessageAsync(new NewMessage { Role = "critic", Content = "Too low?" });
        await panelGrain.SaveInsightAsync(Json.Map("conclusion", "\"raise prices\""));
        chat.Clock.Advance(step);
        await panelGrain.SaveInsightAsync(Json.Map("conclusion", "\"but slowly\"", "votes", "{\"analyst\":1,\"critic\":0}"));

        return new Written(research, smalltalk, panel);
    }

    public static async Task<Everything> ReadAsync(FlatfileChatCluster chat, Written written)
    {
        var user = chat.User(written.Research.UserId);
        var sessions = new List<SessionData>();
        foreach (var session in new[] { written.Research, written.Smalltalk })
        {
            var grain = chat.Session(session);
            var documents = await grain.ListDocumentsAsync();
            var bytes = new List<byte[]>();
            foreach (var document in documents)
            {
                bytes.Add(await grain.GetDocumentAsync(document.Filename));
            }

            sessions.Add(new SessionData(
                await grain.GetAsync(),
                await grain.GetMessagesAsync(new MessageQuery { Limit = 1000 }),
                await grain.CountMessagesAsync(),
                documents,
                bytes,
                await grain.GetContextAsync(),
                await grain.GetContextHistoryAsync(null)));
        }

        var panel = chat.Panel(written.Panel.Id);
        var personas = new List<PersonaData>();
        foreach (var persona in new[] { chat.GlobalPersona("analyst"), chat.GlobalPersona("critic"), chat.UserPersona(written.Research.UserId, "tutor") })
        {
            var versions = await persona.ListVersionsAsync();
            var contents = new List<Persona?>();
            foreach (var version in versions)
            {
                contents.Add(await persona.GetVersionAsync(version.Version));
            }

            personas.Add(new PersonaData(await persona.GetAsync(), versions.Select(v => (v.Version, v.SizeBytes)).ToList(), contents));
        }

        return new Everything(
            await user.GetProfileAsync(),
            await user.ListSessionsAsync(null, 0, null),
            sessions,
            await panel.GetAsync(),
            await panel.GetMessagesAsync(new MessageQuery { Limit = 1000 }),
            await panel.ListInsightsAsync(),
            await panel.GetPersonaSnapshotsAsync(),
            personas,
            await chat.Catalog(null).ListAsync(),
            await chat.Catalog(written.Research.UserId).ListAsync());
    }

    public sealed record Written(ChatSession Research, ChatSession Smalltalk, Panel Panel);

    public sealed record SessionData(
        ChatSession Session,
        IReadOnlyList<ChatMessage> Messages,
        long Count,
        IReadOnlyList<DocumentInfo> Documents,
        IReadOnlyList<byte[]> DocumentBytes,
        SituationalContext? Context,
        IReadOnlyList<ContextSnapshot> History);

    public sealed record PersonaData(Persona? Latest, IReadOnlyList<(int Version, long Size)> Versions, IReadOnlyList<Persona?> Contents);

    public sealed record Everything(
        UserProfile? Profile,
        IReadOnlyList<ChatSession> SessionList,
        IReadOnlyList<SessionData> Sessions,
        Panel? Panel,
        IReadOnlyList<ChatMessage> PanelMessages,
        IReadOnlyList<PanelInsight> Insights,
        IReadOnlyList<Persona> PanelPersonas,
        IReadOnlyList<PersonaData> Personas,
        IReadOnlyList<Persona> GlobalCatalog,
        IReadOnlyList<Persona> UserCatalog);
}
