using ChatDb.Grains.Hosting;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Tests;

/// <summary>
/// Retention on a flatfile silo, driven by the fake clock. The timer interval is 7 days and the silo starts
/// at T0, so one advance to T0 + 7 days fires exactly one run at a known time: a session untouched since T0
/// is deleted (older than 5 days), one last touched at T0 + 3 days is archived (older than 2), one touched at
/// T0 + 6 days is kept, and insights older than 3 days are pruned.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromDays(7);
    private readonly CapturingLoggerProvider _log = new();
    private FlatfileChatCluster _chat = null!;

    public async Task InitializeAsync() =>
        _chat = await FlatfileChatCluster.StartAsync(
            limits => limits.PanelInsightRetentionDays = 3,
            silo =>
            {
                silo.Services.AddSingleton<ILoggerProvider>(_log);
                silo.AddChatRetention(o =>
                {
                    o.Enabled = true;
                    o.ArchiveSessionsAfterDays = 2;
                    o.DeleteSessionsAfterDays = 5;
                    o.Interval = Interval;
                });
            });

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task Timer_PastTheThresholds_DeletesArchivesAndPrunesThroughTheOwningGrains()
    {
        var alice = _chat.User("alice");
        var doomed = await alice.CreateSessionAsync("doomed", null);
        await _chat.Session(doomed).AddMessageAsync(new NewMessage { Role = "user", Content = "old news" });
        var cold = await alice.CreateSessionAsync("cold", null);
        await _chat.Session(cold).AddMessageAsync(new NewMessage { Role = "user", Content = "first" });
        var panel = await CreatePanelAsync();
        await _chat.Panel(panel.Id).SaveInsightAsync(Json.Map("finding", "\"stale\""));

        _chat.Clock.Advance(TimeSpan.FromDays(3));
        await _chat.Session(cold).AddMessageAsync(new NewMessage { Role = "assistant", Content = "second" });
        _chat.Clock.Advance(TimeSpan.FromDays(3));
        var warm = await alice.CreateSessionAsync("warm", null);
        var fresh = await _chat.Panel(panel.Id).SaveInsightAsync(Json.Map("finding", "\"fresh\""));

        _chat.Clock.Advance(TimeSpan.FromDays(1));
        var report = await Retention.GetLastReportAsync();

        Assert.Equal(new RetentionReport(report!.At, SessionsArchived: 1, SessionsDeleted: 1, InsightsPruned: 1, Skipped: 0), report);
        Assert.Equal(["warm", "cold"], (await alice.ListSessionsAsync(null, 0, null)).Select(s => s.Title));
        var files = _chat.ListFiles();
        Assert.DoesNotContain(files, f => f.Contains(doomed.Id, StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith($"{cold.Id}/messages.jsonl.gz", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith($"{cold.Id}/messages.jsonl", StringComparison.Ordinal));
        Assert.Equal([fresh.Id], (await _chat.Panel(panel.Id).ListInsightsAsync()).Select(i => i.Id));
        Assert.Contains(_log.Entries, e => e.Id.Id == 3101 &&
            e.Message == "Retention: 1 sessions archived, 1 sessions deleted, 1 panel insights pruned, 0 planned actions skipped");
    }

    [Fact]
    public async Task ArchivedSession_AfterRestart_IsReadAndWrittenThroughTheSessionGrain()
    {
        var alice = _chat.User("alice");
        var cold = await alice.CreateSessionAsync("cold", null);
        await _chat.Session(cold).AddMessageAsync(new NewMessage { Role = "user", Content = "kept word for word" });
        _chat.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(1, (await Retention.RunAsync()).SessionsArchived);
        await _chat.RestartAsync();

        var messages = await _chat.Session(cold).GetMessagesAsync(new MessageQuery());
        var added = await _chat.Session(cold).AddMessageAsync(new NewMessage { Role = "user", Content = "and more" });

        Assert.Equal(["kept word for word"], messages.Select(m => m.Content));
        Assert.Equal(2, added.Seq);
        Assert.Contains(_chat.ListFiles(), f => f.EndsWith($"{cold.Id}/messages.jsonl", StringComparison.Ordinal));
        Assert.DoesNotContain(_chat.ListFiles(), f => f.EndsWith($"{cold.Id}/messages.jsonl.gz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionWithNewMessagesSinceItsFileWasWritten_IsNotDeleted()
    {
        var alice = _chat.User("alice");
        var busy = await alice.CreateSessionAsync("busy", null);
        _chat.Clock.Advance(TimeSpan.FromDays(6));

        // session.json still says T0 (updated_at moves in memory until deactivation), so the plan lists the
        // session for deletion; the grain knows better.
        await _chat.Session(busy).AddMessageAsync(new NewMessage { Role = "user", Content = "still here" });
        var report = await Retention.RunAsync();

        Assert.Equal((0, 0, 1), (report.SessionsDeleted, report.SessionsArchived, report.Skipped));
        Assert.Equal(["still here"], (await _chat.Session(busy).GetMessagesAsync(new MessageQuery())).Select(m => m.Content));
    }

    private IRetentionGrain Retention => _chat.Client.GetGrain<IRetentionGrain>(ChatGrainKeys.Global);

    private async Task<Panel> CreatePanelAsync()
    {
        await _chat.GlobalPersona("analyst_ai").SaveAsync(Json.Map("name", "\"Analyst\""));
        return await _chat.Panels.CreatePanelAsync("discussion", ["analyst_ai"], null);
    }
}
