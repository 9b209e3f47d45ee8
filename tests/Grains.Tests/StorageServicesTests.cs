using System.Text.Json;
using ChatDb.Storage.Keys;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Json;
using ChatDb.Storage.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Tests;

/// <summary>
/// The grains reach what only a storage provider can do through the services of Storage.Abstractions:
/// whatever implements them is used, and without them (the memory providers) the grains say what is missing.
/// </summary>
[Collection(SharedChatCollection.Name)]
public sealed class StorageServicesTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private const string StoredSessionId = "chat_session_20260101_000000_000001";

    [Fact]
    public async Task UserGrain_WithASessionDirectory_ListsAStoredSessionItsIndexMissed()
    {
        var stored = new ChatSession(StoredSessionId, "alice", "Before the crash",
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), []);
        var directory = new InMemorySessionDirectory(("alice", stored));
        await using var chat = await ChatCluster.StartAsync(
            configureSilo: silo => silo.Services.AddSingleton<IUserSessionDirectory>(directory));

        var listed = await chat.User("alice").ListSessionsAsync(null, 0, null);

        var session = Assert.Single(listed);
        Assert.Equal((StoredSessionId, "Before the crash"), (session.Id, session.Title));
        Assert.Equal(["alice"], directory.ListedUsers);
    }

    [Fact]
    public async Task ArchiveSession_WithoutASessionArchive_IsAConfigurationErrorNamingTheRule()
    {
        var chat = _chat;
        var session = await chat.User(Json.NewUserId()).CreateSessionAsync("Old", null);

        var error = await Assert.ThrowsAsync<ConfigurationError>(() => chat.Session(session).ArchiveAsync(DateTimeOffset.MaxValue));

        Assert.Contains("archive-needs-flatfile", error.Message, StringComparison.Ordinal);
        Assert.Contains(session.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetentionRun_WithoutARetentionPlanner_IsAConfigurationError()
    {
        var error = await Assert.ThrowsAsync<ConfigurationError>(() => _chat.Client.GetGrain<IRetentionGrain>(ChatGrainKeys.Global).RunAsync());

        Assert.Contains("retention needs a storage provider that plans it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatGrains_WithAnInvalidChatLimit_RefuseToStart_NamingTheSetting()
    {
        var error = await Record.ExceptionAsync(() => ChatCluster.StartAsync(o => o.MaxMessageSizeBytes = -1));

        Assert.NotNull(error);
        Assert.Contains("Storage:MaxMessageSizeBytes must be positive (was -1).", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Sessions a storage holds, kept in memory: what a provider without session directories could list.</summary>
    private sealed class InMemorySessionDirectory(params (string UserId, ChatSession Session)[] sessions) : IUserSessionDirectory
    {
        private readonly List<string> _listedUsers = [];

        public IReadOnlyList<string> ListedUsers
        {
            get
            {
                lock (_listedUsers)
                {
                    return [.. _listedUsers];
                }
            }
        }

        public Task<IReadOnlyList<string>> ListSessionIdsAsync(string userId, CancellationToken cancellationToken = default)
        {
            lock (_listedUsers)
            {
                _listedUsers.Add(userId);
            }

            return Task.FromResult<IReadOnlyList<string>>([.. sessions.Where(s => s.UserId == userId).Select(s => s.Session.Id).Order(StringComparer.Ordinal)]);
        }

        public Task<byte[]?> ReadSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
            Task.FromResult(sessions.FirstOrDefault(s => s.UserId == userId && s.Session.Id == sessionId).Session is { } session
                ? JsonSerializer.SerializeToUtf8Bytes(session, StorageJson.Documents)
                : null);
    }
}
