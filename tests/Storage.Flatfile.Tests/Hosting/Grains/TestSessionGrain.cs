using ChatDb.Storage.Files;
using ChatDb.Storage.Logs;
using ChatDb.Storage.States;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Tests.Hosting.Grains;

/// <summary>
/// Pinned to the grain type <c>session</c>, so the flatfile layout maps its state, log and files to a chat
/// session's documented files (<c>users/{u}/{s}/session.json</c>, <c>messages.jsonl</c>, ...).
/// </summary>
[GrainType("session")]
public sealed class TestSessionGrain(
    [PersistentState("session")] IPersistentState<TestSession?> session,
    [LazyPersistentState("context")] IPersistentState<TestContext?> context,
    [PersistentLog("messages")] IPersistentLog<TestMessage> messages,
    [FromKeyedServices("Default")] IGrainFileStorage files) : Grain, ITestSessionGrain
{
    public Task<SessionView> GetAsync() => Task.FromResult(new SessionView(session.State, session.RecordExists, messages.Count));

    public Task CreateAsync(string title, string owner)
    {
        session.State = new TestSession(title, owner);
        return session.WriteStateAsync();
    }

    public async Task<bool> ClearAsync()
    {
        await session.ClearStateAsync();
        return session.State is null;
    }

    public Task<long> AddMessageAsync(string text) => messages.AppendAsync(new TestMessage(text));

    public async Task<string[]> ReadMessagesAsync() =>
        [.. (await messages.ReadAsync(1, 100)).Select(entry => entry.Value.Text)];

    public async Task WriteContextAsync(string summary)
    {
        await context.ReadStateAsync();
        context.State = new TestContext(summary);
        await context.WriteStateAsync();
    }

    public async Task<TestContext?> ReadContextAsync()
    {
        await context.ReadStateAsync();
        return context.State;
    }

    public Task WriteDocumentAsync(string name, byte[] content) => files.WriteAsync(this.GetGrainId(), "documents", name, content);

    public Task<byte[]?> ReadDocumentAsync(string name) => files.ReadAsync(this.GetGrainId(), "documents", name);
}
