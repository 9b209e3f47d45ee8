using ChatDb.Grains.Security;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// The REST API with API keys configured (section <c>Auth</c>): an admin key and one key each for users
/// <c>alice</c> and <c>bob</c>, freshly generated per run. Shared by the tests of <see cref="SecuredApiCollection"/>.
/// </summary>
public sealed class SecuredApiServer : IAsyncLifetime
{
    public const string Alice = "alice";
    public const string Bob = "bob";

    public SecuredApiServer()
    {
        Server = new ApiServer(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Name"] = "ops",
            ["Auth:ApiKeys:0:Hash"] = SecretDigest.Format(SecretDigest.Compute(AdminKey)),
            ["Auth:ApiKeys:0:Scope"] = "admin",
            ["Auth:ApiKeys:1:Name"] = "alice-app",
            ["Auth:ApiKeys:1:Hash"] = SecretDigest.Format(SecretDigest.Compute(AliceKey)),
            ["Auth:ApiKeys:1:Scope"] = "user:" + Alice,
            ["Auth:ApiKeys:2:Name"] = "bob-app",
            ["Auth:ApiKeys:2:Hash"] = SecretDigest.Format(SecretDigest.Compute(BobKey)),
            ["Auth:ApiKeys:2:Scope"] = "user:" + Bob,
        });
    }

    public string AdminKey { get; } = SecretDigest.NewToken("chatdb_");

    public string AliceKey { get; } = SecretDigest.NewToken("chatdb_");

    public string BobKey { get; } = SecretDigest.NewToken("chatdb_");

    public IReadOnlyList<string> AllKeys => [AdminKey, AliceKey, BobKey];

    public ApiServer Server { get; }

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SecuredApiCollection : ICollectionFixture<SecuredApiServer>
{
    public const string Name = "REST API with API keys";
}
