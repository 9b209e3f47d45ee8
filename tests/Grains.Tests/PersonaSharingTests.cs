using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

/// <summary>Personas listed with their scope and found by text; shared to another user or published as global, with provenance.</summary>
[Collection(SharedChatCollection.Name)]
public sealed class PersonaSharingTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private IPersonaGrain UserPersona(string userId, string personaId) => _chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(userId, personaId));

    private IPersonaGrain GlobalPersona(string personaId) => _chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona(personaId));

    private IPersonaCatalogGrain Catalog(string? userId) => _chat.Client.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(userId));

    [Fact]
    public async Task Find_ForAUser_GivesTheirOwnThenTheGlobalOnes_Marked_AndFiltersByText()
    {
        var user = Json.NewUserId();
        var word = Json.NewUserId("word");
        await UserPersona(user, "b-own").SaveAsync(Json.Map("name", "\"Plain\""));
        await UserPersona(user, "a-own").SaveAsync(Json.Map("description", $"\"about {word.ToUpperInvariant()}\""));
        await GlobalPersona("g-" + word).SaveAsync(Json.Map("name", "\"G\""));
        await GlobalPersona(Json.NewUserId("g")).SaveAsync(Json.Map("text", $"\"{word}\"", "name", "1"));
        await GlobalPersona(Json.NewUserId("g")).SaveAsync(Json.Map("other", $"\"{word}\""));

        var all = await Catalog(user).FindAsync(null);
        var found = await Catalog(user).FindAsync(" " + word + " ");
        var globalFound = await Catalog(null).FindAsync(word);

        Assert.Equal([("a-own", PersonaScopes.User), ("b-own", PersonaScopes.User)], all.Take(2).Select(p => (p.Id, p.Scope!)));
        Assert.All(all.Skip(2), p => Assert.Equal((PersonaScopes.Global, (string?)null), (p.Scope, p.UserId)));
        Assert.Equal(3, found.Count);
        Assert.Equal(("a-own", PersonaScopes.User), (found[0].Id, found[0].Scope!));
        Assert.Equal(found.Skip(1).Select(p => p.Id), globalFound.Select(p => p.Id));
        Assert.Null((await UserPersona(user, "a-own").GetAsync())!.Scope);
    }

    [Fact]
    public async Task Share_CopiesTheLatestVersionToAnotherUser_WithProvenanceKeptByLaterSaves()
    {
        var alice = Json.NewUserId();
        var bob = Json.NewUserId();
        await UserPersona(alice, "coach").SaveAsync(Json.Map("name", "\"Draft\""));
        await UserPersona(alice, "coach").SaveAsync(Json.Map("name", "\"Coach\""));

        var copy = await UserPersona(alice, "coach").CopyToAsync(bob, "my-coach");
        var edited = await UserPersona(bob, "my-coach").SaveAsync(Json.Map("name", "\"Bob's coach\""));

        Assert.Equal((bob, "my-coach", 1, "Coach"), (copy.UserId, copy.Id, copy.Version, copy.Data["name"].GetString()));
        Assert.Equal((alice, "coach", 2, _chat.Clock.GetUtcNow()), (copy.CopiedFrom!.UserId, copy.CopiedFrom.PersonaId, copy.CopiedFrom.Version, copy.CopiedFrom.CopiedAt));
        Assert.Equal(copy.CopiedFrom, edited.CopiedFrom);
        Assert.Equal(copy.CopiedFrom, (await UserPersona(bob, "my-coach").GetVersionAsync(1))!.CopiedFrom);
        Assert.Contains("my-coach", await Catalog(bob).ListIdsAsync());
        Assert.Equal("Coach", (await UserPersona(alice, "coach").GetAsync())!.Data["name"].GetString());
    }

    [Fact]
    public async Task Publish_MakesAGlobalPersona_AndNeverReplacesOne()
    {
        var alice = Json.NewUserId();
        var globalId = Json.NewUserId("pub");
        await UserPersona(alice, "coach").SaveAsync(Json.Map("name", "\"Coach\""));

        var published = await UserPersona(alice, "coach").CopyToAsync(null, globalId);
        var again = await Assert.ThrowsAsync<ValidationError>(() => UserPersona(alice, "coach").CopyToAsync(null, globalId));

        Assert.Equal(((string?)null, alice), (published.UserId, published.CopiedFrom!.UserId));
        Assert.Equal(published.CopiedFrom, (await GlobalPersona(globalId).GetAsync())!.CopiedFrom);
        Assert.Contains("copy-target-exists", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await GlobalPersona(globalId).GetAsync())!.Version);
    }

    [Fact]
    public async Task Copy_OfAMissingPersona_IsNotFound_OntoItself_OrToABadId_IsAValidationError()
    {
        var alice = Json.NewUserId();
        await UserPersona(alice, "p").SaveAsync(Json.Map("name", "\"P\""));

        await Assert.ThrowsAsync<NotFoundError>(() => UserPersona(alice, "missing").CopyToAsync(Json.NewUserId(), "p"));
        var self = await Assert.ThrowsAsync<ValidationError>(() => UserPersona(alice, "p").CopyToAsync(alice, "p"));
        await Assert.ThrowsAsync<ValidationError>(() => UserPersona(alice, "p").CopyToAsync("../etc", "p"));
        await Assert.ThrowsAsync<ValidationError>(() => UserPersona(alice, "p").CopyToAsync(Json.NewUserId(), ".."));

        Assert.Contains("copy-to-another", self.Message, StringComparison.Ordinal);
    }
}
