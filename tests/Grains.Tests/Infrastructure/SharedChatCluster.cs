namespace ChatDb.Grains.Tests.Infrastructure;

/// <summary>
/// One <see cref="ChatCluster"/> with the default limits for every test of a class or collection (starting an
/// Orleans cluster takes a second or two). Tests that share it use keys no other test uses, and read the clock
/// rather than assume where it stands.
/// </summary>
public sealed class SharedChatCluster : IAsyncLifetime
{
    private ChatCluster? _chat;

    internal ChatCluster Chat => _chat ?? throw new InvalidOperationException("The shared cluster is used before InitializeAsync started it.");

    public async Task InitializeAsync() => _chat = await ChatCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_chat is not null)
        {
            await _chat.DisposeAsync();
        }
    }
}

/// <summary>The test classes that share one <see cref="SharedChatCluster"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedChatCollection : ICollectionFixture<SharedChatCluster>
{
    public const string Name = "shared chat cluster";
}
