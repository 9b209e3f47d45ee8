using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests.Memories;

[Collection(SharedChatCollection.Name)]
public sealed class MemoryTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private IMemoryGrain Memories(string userId) => _chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId));

    [Fact]
    public async Task AddGetUpdateListDelete_RoundTrip_AndEveryChangeIsAnEventOnTheUsersStream()
    {
        var userId = Json.NewUserId();
        var memories = Memories(userId);

        var added = await memories.AddAsync(new NewMemory { Text = "  User likes green tea. ", Importance = 0.8 });
        var updated = await memories.UpdateAsync(added.Id, new MemoryPatch { Text = "User likes jasmine tea." });
        var listed = await memories.ListAsync(new MemoryQuery());
        var deleted = await memories.DeleteAsync(added.Id);
        var deletedAgain = await memories.DeleteAsync(added.Id);

        Assert.StartsWith(ChatGrainKeys.MemoryIdPrefix, added.Id, StringComparison.Ordinal);
        Assert.Equal(("User likes green tea.", 0.8, (string?)null), (added.Text, added.Importance, added.Source.SessionId));
        Assert.Equal(("User likes jasmine tea.", 0.8, added.CreatedAt), (updated.Text, updated.Importance, updated.CreatedAt));
        Assert.Equal([updated], listed);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(await memories.GetAsync(added.Id));
        var events = _chat.Events.On(ChatStreams.UserEvents, userId).Cast<MemoryChanged>().ToList();
        Assert.Equal(["add", "update", "delete"], events.Select(e => e.Op));
        Assert.All(events, e => Assert.Equal((userId, added.Id), (e.UserId, e.Memory.Id)));
    }

    [Fact]
    public async Task UpdateOfAnUnknownMemory_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<NotFoundError>(() =>
            Memories(Json.NewUserId()).UpdateAsync(ChatGrainKeys.NewMemoryId(), new MemoryPatch { Text = "x" }));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileIds_AreRefusedNamingTheRule()
    {
        var userId = Json.NewUserId();

        var key = await Assert.ThrowsAnyAsync<Exception>(() => _chat.Client.GetGrain<IMemoryGrain>("../etc").ListAsync(new MemoryQuery()));
        var memoryId = await Assert.ThrowsAsync<ValidationError>(() => Memories(userId).GetAsync("mem_../../x"));
        var shortId = await Assert.ThrowsAsync<ValidationError>(() => Memories(userId).DeleteAsync("mem_1234"));
        var agent = await Assert.ThrowsAsync<ValidationError>(() => Memories(userId).AddAsync(new NewMemory { Text = "x", AgentId = "a/b" }));
        var session = await Assert.ThrowsAsync<ValidationError>(() =>
            Memories(userId).ExtractAsync(new MemoryExtractionRequest { SessionId = "../other" }));

        Assert.Contains("memory key", key.ToString(), StringComparison.Ordinal);
        Assert.Contains("memory id", memoryId.Message, StringComparison.Ordinal);
        Assert.Contains("memory-id-form", shortId.Message, StringComparison.Ordinal);
        Assert.Contains("agent id", agent.Message, StringComparison.Ordinal);
        Assert.Contains("session id", session.Message, StringComparison.Ordinal);
        Assert.Empty(await Memories(userId).ListAsync(new MemoryQuery()));
    }

    [Fact]
    public async Task OversizeTextOrImportanceOutOfRange_IsRefusedNamingTheLimit_AndStoresNothing()
    {
        var memories = Memories(Json.NewUserId());

        var size = await Assert.ThrowsAsync<StorageLimitExceeded>(() => memories.AddAsync(new NewMemory { Text = new string('a', Memory.MaxTextChars + 1) }));
        var empty = await Assert.ThrowsAsync<ValidationError>(() => memories.AddAsync(new NewMemory { Text = "   " }));
        var importance = await Assert.ThrowsAsync<ValidationError>(() => memories.AddAsync(new NewMemory { Text = "x", Importance = 1.5 }));

        Assert.Equal(("MaxMemoryChars", 2000L, 2001L), (size.LimitName, size.Limit, size.Actual));
        Assert.Contains("2001 characters; the limit MaxMemoryChars is 2000", size.Message, StringComparison.Ordinal);
        Assert.Contains("memory-text-required", empty.Message, StringComparison.Ordinal);
        Assert.Contains("importance 1.5", importance.Message, StringComparison.Ordinal);
        Assert.Empty(await memories.ListAsync(new MemoryQuery()));
    }

    [Fact]
    public async Task Recall_PutsTheMatchingMemoryFirst_AndFiltersByAgent()
    {
        var memories = Memories(Json.NewUserId());
        await memories.AddAsync(new NewMemory { Text = "User lives in Lisbon" });
        await memories.AddAsync(new NewMemory { Text = "User's daughter is Ana" });
        await memories.AddAsync(new NewMemory { Text = "User works at Contoso as a welder" });
        await memories.AddAsync(new NewMemory { Text = "The planner should book aisle seats", AgentId = "planner" });

        var home = await memories.RecallAsync(new MemoryRecallQuery { Query = "where does the user live? Lisbon?", K = 2 });
        var seats = await memories.RecallAsync(new MemoryRecallQuery { Query = "aisle seats", AgentId = "planner" });
        var otherAgent = await memories.RecallAsync(new MemoryRecallQuery { Query = "aisle seats", AgentId = "writer" });

        Assert.Equal("User lives in Lisbon", home[0].Memory.Text);
        Assert.True(home.Count <= 2);
        Assert.Equal("The planner should book aisle seats", seats[0].Memory.Text);
        Assert.DoesNotContain(otherAgent, h => h.Memory.AgentId == "planner");
        Assert.Equal(["User lives in Lisbon", "User's daughter is Ana", "User works at Contoso as a welder"],
            (await memories.ListAsync(new MemoryQuery { AgentId = "writer" })).Select(m => m.Text));
    }

    [Fact]
    public async Task Recall_WeighsImportance()
    {
        var memories = Memories(Json.NewUserId());
        var low = await memories.AddAsync(new NewMemory { Text = "User drinks coffee", Importance = 0 });
        var high = await memories.AddAsync(new NewMemory { Text = "User drinks coffee daily", Importance = 1 });

        var hits = await memories.RecallAsync(new MemoryRecallQuery { Query = "coffee", K = 2 });

        Assert.Equal([high.Id, low.Id], hits.Select(h => h.Memory.Id));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task ExpiredMemories_AreNeverRecalled_AndListedOnlyWhenAsked()
    {
        var memories = Memories(Json.NewUserId());
        var now = _chat.Clock.GetUtcNow();
        var expiring = await memories.AddAsync(new NewMemory { Text = "User is in Paris this week", ExpiresAt = now.AddHours(1) });
        await memories.AddAsync(new NewMemory { Text = "User loves Paris" });
        var before = await memories.RecallAsync(new MemoryRecallQuery { Query = "Paris", K = 5 });

        _chat.Clock.Advance(TimeSpan.FromHours(2));
        var after = await memories.RecallAsync(new MemoryRecallQuery { Query = "Paris this week", K = 5 });

        Assert.Contains(before, h => h.Memory.Id == expiring.Id);
        Assert.DoesNotContain(after, h => h.Memory.Id == expiring.Id);
        Assert.Single(after);
        Assert.DoesNotContain(await memories.ListAsync(new MemoryQuery()), m => m.Id == expiring.Id);
        Assert.Contains(await memories.ListAsync(new MemoryQuery { IncludeExpired = true }), m => m.Id == expiring.Id);
    }

    [Fact]
    public async Task List_PagesWithTheCaps()
    {
        var memories = Memories(Json.NewUserId());
        for (var i = 0; i < 5; i++)
        {
            await memories.AddAsync(new NewMemory { Text = $"fact {i}" });
        }

        var page = await memories.ListAsync(new MemoryQuery { Offset = 1, Limit = 2 });
        var tooMany = await Assert.ThrowsAsync<ValidationError>(() => memories.ListAsync(new MemoryQuery { Limit = MemoryQuery.MaxLimit + 1 }));
        var k = await Assert.ThrowsAsync<ValidationError>(() => memories.RecallAsync(new MemoryRecallQuery { Query = "fact", K = 0 }));

        Assert.Equal(["fact 1", "fact 2"], page.Select(m => m.Text));
        Assert.Contains("between 1 and 1000", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("k 0", k.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfflineExtraction_AddsSimpleStatements_ThenUpdatesTheSameSubject_WithTheirSources()
    {
        var userId = Json.NewUserId();
        var session = await _chat.User(userId).CreateSessionAsync("chat", null);
        var grain = _chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "Hi! I live in Lisbon and my daughter is Ana." });
        await grain.AddMessageAsync(new NewMessage { Role = "assistant", Content = "Nice. I live in the cloud." });
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "I'm a vegetarian, by the way." });
        var memories = Memories(userId);

        var first = await memories.ExtractAsync(new MemoryExtractionRequest { SessionId = session.Id });
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "Big news: I moved to Porto." });
        var second = await memories.ExtractAsync(new MemoryExtractionRequest { SessionId = session.Id, FromSeq = 4 });
        var again = await memories.ExtractAsync(new MemoryExtractionRequest { SessionId = session.Id, FromSeq = 4 });

        Assert.Equal(["User lives in Lisbon", "User's daughter is Ana", "User is a vegetarian"], first.Added.Select(m => m.Text));
        Assert.Equal(new MemorySource(session.Id, [1L]), first.Added[0].Source);
        Assert.Equal([3L], first.Added[2].Source.Seqs);
        var moved = Assert.Single(second.Updated);
        Assert.Equal((first.Added[0].Id, "User lives in Porto", new MemorySource(session.Id, [4L])), (moved.Id, moved.Text, moved.Source));
        Assert.Empty(second.Added);
        Assert.True(again.IsEmpty);
        Assert.Equal(3, (await memories.ListAsync(new MemoryQuery())).Count);
        Assert.Equal("User lives in Porto", (await memories.RecallAsync(new MemoryRecallQuery { Query = "where the user lives", K = 1 }))[0].Memory.Text);
    }

    [Fact]
    public async Task Extraction_OfAMissingSession_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<NotFoundError>(() =>
            Memories(Json.NewUserId()).ExtractAsync(new MemoryExtractionRequest { SessionId = "chat_session_20260101_000000_000000" }));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyingTheSameProposalsTwice_ChangesNothingTheSecondTime()
    {
        var memories = Memories(Json.NewUserId());
        var lisbon = await memories.AddAsync(new NewMemory { Text = "User lives in Lisbon" });
        var cat = await memories.AddAsync(new NewMemory { Text = "User's cat is Tom" });
        IReadOnlyList<MemoryProposal> proposals =
        [
            new(MemoryProposalOps.Add, Text: "User's daughter is Ana"),
            new(MemoryProposalOps.Update, lisbon.Id, "User lives in Porto"),
            new(MemoryProposalOps.Delete, cat.Id),
            new(MemoryProposalOps.Noop),
        ];

        var first = await memories.ApplyAsync(proposals, new MemorySource("chat_session_20260101_000000_000000", [7]), null);
        var state = await memories.ListAsync(new MemoryQuery());
        var second = await memories.ApplyAsync(proposals, new MemorySource("chat_session_20260101_000000_000000", [7]), null);

        Assert.Equal((1, 1, 1), (first.Added.Count, first.Updated.Count, first.Deleted.Count));
        Assert.True(second.IsEmpty);
        Assert.Equal(state, await memories.ListAsync(new MemoryQuery()));
    }

    [Fact]
    public async Task ProposalsWithAnUnknownOperationABadIdOrNoText_ApplyNothing()
    {
        var memories = Memories(Json.NewUserId());

        var op = await Assert.ThrowsAsync<ValidationError>(() => memories.ApplyAsync(
            [new(MemoryProposalOps.Add, Text: "User likes tea"), new("MERGE")], MemorySource.None, null));
        var hostile = await Assert.ThrowsAsync<ValidationError>(() => memories.ApplyAsync(
            [new(MemoryProposalOps.Add, Text: "User likes tea"), new(MemoryProposalOps.Delete, "../../etc")], MemorySource.None, null));
        var noText = await Assert.ThrowsAsync<ValidationError>(() => memories.ApplyAsync(
            [new(MemoryProposalOps.Add, Text: "User likes tea"), new(MemoryProposalOps.Update, ChatGrainKeys.NewMemoryId())], MemorySource.None, null));

        Assert.Contains("memory-operation", op.Message, StringComparison.Ordinal);
        Assert.Contains("memory id", hostile.Message, StringComparison.Ordinal);
        Assert.Contains("memory-text-required", noText.Message, StringComparison.Ordinal);
        Assert.Empty(await memories.ListAsync(new MemoryQuery()));
    }

    [Fact]
    public async Task DeletingTheUser_DeletesTheirMemoriesAndTheStoredLogAndSnapshot()
    {
        var userId = Json.NewUserId();
        await _chat.User(userId).PutProfileAsync(new UserProfileInput { DisplayName = "Alice" });
        var memories = Memories(userId);
        await memories.AddAsync(new NewMemory { Text = "User lives in Lisbon" });
        var memoryGrain = GrainId.Create(MemoryGrainTypes.Memory, userId);

        await _chat.User(userId).DeleteAsync();

        Assert.Empty(await memories.ListAsync(new MemoryQuery { IncludeExpired = true }));
        Assert.Equal(0, await _chat.LogStorage.CountAsync("changes", memoryGrain));
        Assert.False((await _chat.ReadStateAsync<object>(MemoryGrainTypes.Memory, userId, "memories")).RecordExists);
    }
}
