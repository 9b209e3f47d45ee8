using ChatDb.Client;

namespace ChatDb.Cli.Tests;

/// <summary>The hostile-id corpus through <see cref="ChatDbRestClient"/> and <c>chatdb --silo</c>.</summary>
[Collection(HostileIdRestCollection.Name)]
public sealed class RestHostileIdDoorTests(HostileIdSilo silo) : HostileIdDoorTests
{
    private ChatDbRestClient? _rest;

    protected override Task<IChatDb> OpenAsync()
    {
        _rest = new ChatDbRestClient(new Uri(silo.Url));
        return Task.FromResult<IChatDb>(_rest);
    }

    protected override Task<CliRun> RunAsync(string[] args) => silo.RunRestAsync(args);

    protected override string[] Entries() => silo.Entries();

    public override Task DisposeAsync()
    {
        _rest?.Dispose();
        return Task.CompletedTask;
    }
}
