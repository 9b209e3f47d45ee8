using System.Text.Json;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>
/// The user grain lists sessions from <c>users/{u}/.index/sessions.json</c> and never rebuilds it, so repair and
/// prune rewrite it to match the session directories instead of deleting it.
/// </summary>
public sealed class SessionIndexRepairTests : IDisposable
{
    private const string Vanished = "chat_session_20200101_000000_000000";
    private const string LastIssued = "chat_session_20990101_000000_000000";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Repair_OfAStaleSessionIndex_RewritesItToListEverySessionOnDisk_KeepingKnownEntriesAndTheLastIssuedId()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"), users: 1, sessionsPerUser: 2, messagesPerSession: 2);
        var (user, first) = data.Sessions[0];
        var index = Path.Join(data.Layout.UserDirectory(user), ".index", "sessions.json");
        var known = new { id = first, user_id = user, title = "Title the index knows", created_at = "2025-01-02T03:04:05.000000Z", updated_at = "2030-01-01T00:00:00.000000Z", metadata = new { } };
        await File.WriteAllTextAsync(index, JsonSerializer.Serialize(new { last_issued_id = LastIssued, sessions = new object[] { known, new { id = Vanished } } }));

        var repair = await Engines.Verify(_temp.Combine("data")).RepairAsync();

        Assert.Contains(repair.Actions, a => a.Kind == ProblemKind.StaleDerivedIndex && a.Path == index);
        Assert.True(repair.After.IsClean, string.Join("\n", repair.After.Problems));
        using var rebuilt = JsonDocument.Parse(await File.ReadAllTextAsync(index));
        Assert.Equal(LastIssued, rebuilt.RootElement.GetProperty("last_issued_id").GetString());
        var sessions = rebuilt.RootElement.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(data.Sessions.Select(s => s.Session).Order(StringComparer.Ordinal), sessions.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("Title the index knows", sessions[0].GetProperty("title").GetString());
        Assert.Equal("Chat 1", sessions[1].GetProperty("title").GetString());
    }

    [Fact]
    public async Task PruneDelete_KeepsTheRemainingSessionsListed()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"), users: 1, sessionsPerUser: 2, messagesPerSession: 2);
        var clock = new FakeTimeProvider(TestDataSet.Epoch.AddDays(100));

        await new PruneEngine(Engines.Options(_temp.Combine("data")), clock).PruneAsync(new RetentionPolicy { DeleteAfterDays = 95 }, dryRun: false);

        var index = Path.Join(data.Layout.UserDirectory(data.Sessions[1].User), ".index", "sessions.json");
        using var rebuilt = JsonDocument.Parse(await File.ReadAllTextAsync(index));
        Assert.Equal([data.Sessions[1].Session], rebuilt.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }
}
