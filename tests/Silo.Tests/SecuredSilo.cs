using ChatDb.Grains.Security;

namespace ChatDb.Silo.Tests;

/// <summary>
/// One silo executable with API keys (an admin key and a key of user <c>alice</c>, fresh per run), shared by the
/// tests of <see cref="SecuredSiloCollection"/>: its dashboard, its REST API and its Orleans gateway.
/// </summary>
public sealed class SecuredSilo : IAsyncLifetime
{
    public const string Alice = "alice";

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-secured-silo-" + Guid.NewGuid().ToString("N"));

    public string AdminKey { get; } = SecretDigest.NewToken("chatdb_");

    public string AliceKey { get; } = SecretDigest.NewToken("chatdb_");

    public SiloProcess Process { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        Process = SiloProcess.Start(_root, Path.Join(_root, "data"), new Dictionary<string, string>
        {
            ["CHATDB_AUTH__APIKEYS__0__NAME"] = "ops",
            ["CHATDB_AUTH__APIKEYS__0__HASH"] = SecretDigest.Format(SecretDigest.Compute(AdminKey)),
            ["CHATDB_AUTH__APIKEYS__0__SCOPE"] = "admin",
            ["CHATDB_AUTH__APIKEYS__1__NAME"] = "alice-app",
            ["CHATDB_AUTH__APIKEYS__1__HASH"] = SecretDigest.Format(SecretDigest.Compute(AliceKey)),
            ["CHATDB_AUTH__APIKEYS__1__SCOPE"] = "user:" + Alice,
        });
        await Process.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);
    }

    public Task DisposeAsync()
    {
        Process?.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredSiloCollection : ICollectionFixture<SecuredSilo>
{
    public const string Name = "silo executable with API keys";
}
