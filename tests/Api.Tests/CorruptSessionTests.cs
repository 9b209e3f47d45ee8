using System.Net;
using System.Text;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>
/// A silo restarted on a data directory where one session's <c>session.json</c> is garbage and another
/// session's <c>messages.jsonl</c> has garbage in the middle: those two answer 500 <c>integrity</c> with a
/// message naming the file, every other session of the same user and of another user is served as before,
/// and the silo keeps taking writes.
/// </summary>
public sealed class CorruptSessionTests : IAsyncLifetime
{
    private const int MessagesPerSession = 6;
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-corrupt-tests-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task CorruptFilesOfOneSession_AnswerIntegrity_WhileEveryOtherSessionIsServed()
    {
        var alice = ApiCalls.NewUserId("alice");
        var bob = ApiCalls.NewUserId("bob");
        ChatSession healthy, badDocument, badLog, other;
        var written = new Dictionary<string, string[]>();
        await using (var first = ApiServer.On(_root))
        {
            await first.InitializeAsync();
            healthy = await first.Http.CreateSessionAsync(alice, "healthy");
            badDocument = await first.Http.CreateSessionAsync(alice, "bad document");
            badLog = await first.Http.CreateSessionAsync(alice, "bad log");
            other = await first.Http.CreateSessionAsync(bob, "other user");
            foreach (var session in new[] { healthy, badDocument, badLog, other })
            {
                var ids = new List<string>();
                for (var i = 0; i < MessagesPerSession; i++)
                {
                    ids.Add((await first.Http.AddMessageAsync(session, $"{session.Title} {i}")).Id);
                }

                written[session.Id] = [.. ids];
            }
        }

        var sessionFile = SessionFile(alice, badDocument.Id, "session.json");
        await File.WriteAllBytesAsync(sessionFile, Encoding.UTF8.GetBytes("{\"id\": \u0000\u0000garbage ]]]"));
        var logFile = SessionFile(alice, badLog.Id, "messages.jsonl");
        var log = await File.ReadAllBytesAsync(logFile);
        var middle = log.Length / 2;
        "\u0000\u0000#garbage#{{{"u8.ToArray().CopyTo(log, middle);
        await File.WriteAllBytesAsync(logFile, log);

        await using var second = ApiServer.On(_root);
        await second.InitializeAsync();
        var http = second.Http;

        var documentError = await (await http.GetAsync(ApiCalls.PathOf(badDocument))).AssertErrorAsync(HttpStatusCode.InternalServerError, "integrity");
        Assert.Contains("session.json", documentError, StringComparison.Ordinal);
        var logError = await (await http.GetAsync(ApiCalls.PathOf(badLog) + "/messages")).AssertErrorAsync(HttpStatusCode.InternalServerError, "integrity");
        Assert.Contains("messages.jsonl", logError, StringComparison.Ordinal);
        Assert.Contains("byte", logError, StringComparison.Ordinal);

        foreach (var session in new[] { healthy, other })
        {
            var messages = await (await http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>();
            Assert.Equal(written[session.Id], messages.Select(m => m.Id));
            Assert.Equal(MessagesPerSession + 1, (await http.AddMessageAsync(session, "after the restart")).Seq);
        }

        var listed = await (await http.GetAsync($"/users/{alice}/sessions")).ReadAsync<List<ChatSession>>();
        Assert.Contains(listed, s => s.Id == healthy.Id);
        var fresh = await http.CreateSessionAsync(alice, "new after corruption");
        Assert.Equal(1, (await http.AddMessageAsync(fresh, "hello")).Seq);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        // Asking again gets the same clear answer, not a hang or a different failure.
        await (await http.GetAsync(ApiCalls.PathOf(badLog) + "/messages")).AssertErrorAsync(HttpStatusCode.InternalServerError, "integrity");
    }

    private string SessionFile(string userId, string sessionId, string name) =>
        Path.Join(_root, "data", "users", userId, sessionId, name);
}
