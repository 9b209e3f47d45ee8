namespace ChatDb.Grains.Tests.Flatfile;

public sealed class FlatfileRestartTests
{
    [Fact]
    public async Task EverythingWritten_AfterAGracefulSiloRestart_ReadsBackFieldByField()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var written = await ChatScenario.WriteAsync(chat);
        var before = await ChatScenario.ReadAsync(chat, written);

        await chat.RestartAsync();
        var after = await ChatScenario.ReadAsync(chat, written);

        AssertScenarioShape(before);
        Same.Json(before.Profile, after.Profile, "profile");
        Same.Json(before.SessionList, after.SessionList, "session list (order and updated_at)");
        for (var i = 0; i < before.Sessions.Count; i++)
        {
            AssertSameSession(before.Sessions[i], after.Sessions[i]);
        }

        AssertSamePanelsAndPersonas(before, after);
    }

    [Fact]
    public async Task EverythingAcknowledged_AfterASiloKillAndRestart_IsStillThere()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var written = await ChatScenario.WriteAsync(chat);
        var before = await ChatScenario.ReadAsync(chat, written);

        await chat.CrashAndStartAsync();
        var after = await ChatScenario.ReadAsync(chat, written);

        AssertScenarioShape(before);
        Same.Json(before.Profile, after.Profile, "profile");

        // The user's session index is written at create/title/metadata changes and only flushed for plain
        // activity by a timer or at deactivation, which a kill skips: the set of sessions, their titles and
        // metadata are guaranteed, their updated_at in the list (and so the list order) may lag.
        Assert.Equal(
            before.SessionList.Select(s => (s.Id, s.Title, s.CreatedAt)).Order(),
            after.SessionList.Select(s => (s.Id, s.Title, s.CreatedAt)).Order());

        // Each session's own updated_at is recovered from its last message (both sessions end with a message
        // stamped by the silo), so the sessions compare whole.
        for (var i = 0; i < before.Sessions.Count; i++)
        {
            AssertSameSession(before.Sessions[i], after.Sessions[i]);
        }

        AssertSamePanelsAndPersonas(before, after);
    }

    /// <summary>What the scenario wrote is what the grains returned, so the comparisons below compare something.</summary>
    private static void AssertScenarioShape(ChatScenario.Everything before)
    {
        Assert.Equal("Ada Lovelace", before.Profile?.DisplayName);
        Assert.Equal(["theme", "font"], before.Profile!.Preferences.Keys);
        Assert.Equal(["Small talk", "Research"], before.SessionList.Select(s => s.Title));

        var research = before.Sessions[0];
        Assert.Equal([1L, 2, 3, 4], research.Messages.Select(m => m.Seq));
        Assert.Equal(ChatScenario.ClientMessageId, research.Messages[0].Id);
        Assert.Equal(["report.pdf", "notes.txt"], research.Messages[0].Attachments);
        Assert.Equal(["notes.txt", "report.pdf"], research.Documents.Select(d => d.Filename));
        Assert.Equal(ChatScenario.NotesBytes, research.DocumentBytes[0]);
        Assert.Equal(ChatScenario.ReportBytes, research.DocumentBytes[1]);
        Assert.Equal("\"quarterly numbers\"", research.Documents[1].Analysis["summary"].GetRawText());
        Assert.Equal("deeper", research.Context?.Summary);
        Assert.Equal(["aside", "deeper", "first look"], research.History.Select(h => h.Context.Summary));

        Assert.Equal(3, before.PanelMessages.Count);
        Assert.Equal(2, before.Insights.Count);
        Assert.Equal(["analyst", "critic"], before.PanelPersonas.Select(p => p.Id));
        Assert.Equal([3, 1, 2], before.Personas.Select(p => p.Latest?.Version ?? 0));
        Assert.Equal(["analyst", "critic"], before.GlobalCatalog.Select(p => p.Id));
        Assert.Equal(["tutor"], before.UserCatalog.Select(p => p.Id));
    }

    private static void AssertSameSession(ChatScenario.SessionData before, ChatScenario.SessionData after)
    {
        var what = $"session {before.Session.Id}";
        Same.Json(before.Session, after.Session, what);
        Same.Json(before.Messages, after.Messages, what + " messages");
        Assert.Equal(before.Count, after.Count);
        Same.Json(before.Documents, after.Documents, what + " document metadata");
        Assert.Equal(before.DocumentBytes.Count, after.DocumentBytes.Count);
        for (var d = 0; d < before.DocumentBytes.Count; d++)
        {
            Assert.Equal(before.DocumentBytes[d], after.DocumentBytes[d]);
        }

        Same.Json(before.Context, after.Context, what + " context");

        // Newest first, ids in strictly descending order.
        Same.Json(before.History, after.History, what + " context history");
        Assert.Equal(after.History.Select(h => h.Id).OrderDescending(StringComparer.Ordinal), after.History.Select(h => h.Id));
    }

    private static void AssertSamePanelsAndPersonas(ChatScenario.Everything before, ChatScenario.Everything after)
    {
        Same.Json(before.Panel, after.Panel, "panel");
        Same.Json(before.PanelMessages, after.PanelMessages, "panel messages");
        Same.Json(before.Insights, after.Insights, "panel insights");
        Same.Json(before.PanelPersonas, after.PanelPersonas, "panel persona snapshots");
        for (var p = 0; p < before.Personas.Count; p++)
        {
            Same.Json(before.Personas[p].Latest, after.Personas[p].Latest, $"persona {before.Personas[p].Latest?.Id}");
            Assert.Equal(before.Personas[p].Versions, after.Personas[p].Versions);
            Assert.Equal(Enumerable.Range(1, before.Personas[p].Latest!.Version), after.Personas[p].Versions.Select(v => v.Version));
            Same.Json(before.Personas[p].Contents, after.Personas[p].Contents, $"versions of persona {before.Personas[p].Latest?.Id}");
            Assert.All(after.Personas[p].Contents, (version, i) => Assert.Equal(i + 1, version?.Version));
        }

        Same.Json(before.GlobalCatalog, after.GlobalCatalog, "global persona catalog");
        Same.Json(before.UserCatalog, after.UserCatalog, "user persona catalog");
    }
}
