using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

/// <summary>Optimistic concurrency at the grains: ETags with the records, and conditional writes refused when stale.</summary>
[Collection(SharedChatCollection.Name)]
public sealed class ETagTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task ProfileETag_IsStableAcrossReads_AndChangesWithTheProfile()
    {
        var user = _chat.User(Json.NewUserId());
        var written = await user.PutProfileIfMatchAsync(new UserProfileInput { DisplayName = "Ada" }, ifMatch: null);

        var first = await user.GetProfileWithETagAsync();
        var second = await user.GetProfileWithETagAsync();
        var updated = await user.UpdateProfileIfMatchAsync(new UserProfilePatch { DisplayName = "Grace" }, written.ETag);

        Assert.Equal(written.ETag, first!.ETag);
        Assert.Equal(first.ETag, second!.ETag);
        Assert.Matches("^[0-9a-f]{32}$", first.ETag);
        Assert.NotEqual(first.ETag, updated.ETag);
        Assert.Equal(updated.ETag, (await user.GetProfileWithETagAsync())!.ETag);
    }

    [Fact]
    public async Task UpdateProfile_WithStaleETag_IsRefused_AndNothingIsWritten()
    {
        var user = _chat.User(Json.NewUserId());
        var original = await user.PutProfileIfMatchAsync(new UserProfileInput { DisplayName = "Ada" }, ifMatch: null);
        var current = await user.UpdateProfileIfMatchAsync(new UserProfilePatch { DisplayName = "Grace" }, original.ETag);

        var error = await Assert.ThrowsAsync<PreconditionFailedError>(
            () => user.UpdateProfileIfMatchAsync(new UserProfilePatch { DisplayName = "Mallory" }, original.ETag));
        await Assert.ThrowsAsync<PreconditionFailedError>(() => user.PutProfileIfMatchAsync(new UserProfileInput { DisplayName = "Eve" }, original.ETag));

        Assert.Equal(original.ETag, error.ExpectedETag);
        Assert.Equal(current.ETag, error.CurrentETag);
        Assert.Contains(current.ETag, error.Message, StringComparison.Ordinal);
        var stored = await user.GetProfileWithETagAsync();
        Assert.Equal("Grace", stored!.Value.DisplayName);
        Assert.Equal(current.ETag, stored.ETag);
    }

    [Fact]
    public async Task PutProfile_IfMatchAny_RefusesToCreate_ButReplacesWhatExists()
    {
        var user = _chat.User(Json.NewUserId());

        await Assert.ThrowsAsync<PreconditionFailedError>(() => user.PutProfileIfMatchAsync(new UserProfileInput { DisplayName = "Ada" }, IfMatch.Any));
        Assert.Null(await user.GetProfileAsync());

        await user.PutProfileAsync(new UserProfileInput { DisplayName = "Ada" });
        var replaced = await user.PutProfileIfMatchAsync(new UserProfileInput { DisplayName = "Grace" }, IfMatch.Any);
        Assert.Equal("Grace", replaced.Value.DisplayName);
    }

    [Fact]
    public async Task UpdateProfile_WithoutProfile_IsNotFound_WhateverTheETag()
    {
        var user = _chat.User(Json.NewUserId());

        await Assert.ThrowsAsync<NotFoundError>(() => user.UpdateProfileIfMatchAsync(new UserProfilePatch { DisplayName = "x" }, "0123"));
    }

    [Fact]
    public async Task DeleteUser_WithStaleETag_IsRefused_AndTheUserKeepsEverything()
    {
        var userId = Json.NewUserId();
        var user = _chat.User(userId);
        var original = await user.PutProfileIfMatchAsync(new UserProfileInput { DisplayName = "Ada" }, ifMatch: null);
        await user.UpdateProfileAsync(new UserProfilePatch { DisplayName = "Grace" });
        var session = await user.CreateSessionAsync("kept", null);

        await Assert.ThrowsAsync<PreconditionFailedError>(() => user.DeleteIfMatchAsync(original.ETag));

        Assert.Equal("Grace", (await user.GetProfileAsync())!.DisplayName);
        Assert.Equal("kept", (await _chat.Session(session).GetAsync()).Title);
        var current = (await user.GetProfileWithETagAsync())!.ETag;
        Assert.True((await user.DeleteIfMatchAsync(current)).ProfileDeleted);
        Assert.Null(await user.GetProfileAsync());
    }

    [Fact]
    public async Task SessionETag_ChangesWithAMessage_AsUpdatedAtDoes()
    {
        var session = _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("chat", null));
        var before = await session.GetWithETagAsync();
        Assert.Equal(before.ETag, (await session.GetWithETagAsync()).ETag);

        _chat.Clock.Advance(TimeSpan.FromSeconds(1));
        await session.AddMessageAsync(new NewMessage { Role = "user", Content = "hello" });
        var after = await session.GetWithETagAsync();

        Assert.NotEqual(before.Value.UpdatedAt, after.Value.UpdatedAt);
        Assert.NotEqual(before.ETag, after.ETag);
        await Assert.ThrowsAsync<PreconditionFailedError>(() => session.UpdateIfMatchAsync(new SessionPatch { Title = "late" }, before.ETag));
        Assert.Equal("chat", (await session.GetAsync()).Title);
    }

    [Fact]
    public async Task UpdateSession_WithCurrentETag_Writes_AndDeleteWithStaleETagKeepsTheSession()
    {
        var session = _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("chat", null));
        var original = await session.GetWithETagAsync();

        var renamed = await session.UpdateIfMatchAsync(new SessionPatch { Title = "renamed" }, original.ETag);
        await Assert.ThrowsAsync<PreconditionFailedError>(() => session.DeleteIfMatchAsync(original.ETag));

        Assert.Equal("renamed", (await session.GetAsync()).Title);
        Assert.Equal(renamed.ETag, (await session.GetWithETagAsync()).ETag);
        await session.DeleteIfMatchAsync(renamed.ETag);
        await Assert.ThrowsAsync<NotFoundError>(() => session.GetAsync());
    }

    [Fact]
    public async Task ConditionalWrites_RacingWithOneETag_OnlyOneSucceeds()
    {
        var session = _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("chat", null));
        var read = await session.GetWithETagAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await session.UpdateIfMatchAsync(new SessionPatch { Title = $"writer {i}" }, read.ETag);
                return i;
            }
            catch (PreconditionFailedError)
            {
                return -1;
            }
        }));

        var winner = Assert.Single(attempts, i => i >= 0);
        Assert.Equal($"writer {winner}", (await session.GetAsync()).Title);
    }

    [Fact]
    public async Task UpdateContext_IfMatchAny_WithoutContext_IsRefused_ThenStaleETagIsRefused()
    {
        var session = _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("chat", null));
        var context = new SituationalContext("first", [], [], default, 0.5);

        await Assert.ThrowsAsync<PreconditionFailedError>(() => session.UpdateContextIfMatchAsync(context, IfMatch.Any));
        Assert.Null(await session.GetContextWithETagAsync());

        var first = await session.UpdateContextIfMatchAsync(context, ifMatch: null);
        var second = await session.UpdateContextIfMatchAsync(context with { Summary = "second" }, first.ETag);
        await Assert.ThrowsAsync<PreconditionFailedError>(() => session.UpdateContextIfMatchAsync(context with { Summary = "third" }, first.ETag));

        var stored = await session.GetContextWithETagAsync();
        Assert.Equal("second", stored!.Value.Summary);
        Assert.Equal(second.ETag, stored.ETag);
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Fact]
    public async Task DocumentETag_CoversBytesAndAnalysis_AndStaleWritesLeaveBothAlone()
    {
        var session = _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("docs", null));
        var saved = await session.SaveDocumentIfMatchAsync("notes.txt", [1, 2, 3], null, null, ifMatch: null);
        var read = await session.GetDocumentWithETagAsync("notes.txt");
        Assert.Equal(saved.ETag, read.ETag);
        Assert.Equal([1, 2, 3], read.Value.Content);

        var analysed = await session.UpdateDocumentAnalysisIfMatchAsync("notes.txt", Json.Map("lang", "\"en\""), saved.ETag);
        Assert.NotEqual(saved.ETag, analysed.ETag);
        Assert.Equal(analysed.ETag, (await session.GetDocumentWithETagAsync("notes.txt")).ETag);

        await Assert.ThrowsAsync<PreconditionFailedError>(() => session.SaveDocumentIfMatchAsync("notes.txt", [9], null, null, saved.ETag));
        await Assert.ThrowsAsync<PreconditionFailedError>(
            () => session.UpdateDocumentAnalysisIfMatchAsync("notes.txt", Json.Map("lang", "\"fr\""), saved.ETag));
        await Assert.ThrowsAsync<PreconditionFailedError>(() => session.SaveDocumentIfMatchAsync("other.txt", [9], null, null, IfMatch.Any));

        var after = await session.GetDocumentWithETagAsync("notes.txt");
        Assert.Equal([1, 2, 3], after.Value.Content);
        Assert.Equal("en", after.Value.Info.Analysis["lang"].GetString());
        Assert.Equal(analysed.ETag, after.ETag);
        Assert.Equal(["notes.txt"], (await session.ListDocumentsAsync()).Select(d => d.Filename));
    }

    [Fact]
    public async Task PersonaETag_ChangesWithEachVersion_AndStaleSaveOrDeleteIsRefused()
    {
        var persona = _chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona("etag-" + Guid.NewGuid().ToString("N")));
        var first = await persona.SaveIfMatchAsync(Json.Map("name", "\"Tutor\""), ifMatch: null);
        var second = await persona.SaveIfMatchAsync(Json.Map("name", "\"Tutor\""), first.ETag);

        await Assert.ThrowsAsync<PreconditionFailedError>(() => persona.SaveIfMatchAsync(Json.Map("name", "\"Critic\""), first.ETag));
        await Assert.ThrowsAsync<PreconditionFailedError>(() => persona.DeleteIfMatchAsync(first.ETag));

        var stored = await persona.GetWithETagAsync();
        Assert.Equal(2, stored!.Value.Version);
        Assert.Equal(second.ETag, stored.ETag);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(2, await persona.DeleteIfMatchAsync(second.ETag));
        Assert.Null(await persona.GetWithETagAsync());
    }
}
