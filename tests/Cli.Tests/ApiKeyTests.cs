namespace ChatDb.Cli.Tests;

/// <summary>The data commands against a silo that requires an API key: refused without the right one (exit 4), served with it.</summary>
[Collection(SecuredRestCollection.Name)]
public sealed class ApiKeyTests(SecuredSilo silo) : IDisposable
{
    private readonly string _keyFile = Path.Join(Path.GetTempPath(), "chatdb-cli-key-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_keyFile);

    [Fact]
    public async Task NoKey_IsRefusedWithExit4_NamingTheVariable()
    {
        var run = await silo.RunRestAsync("user", "get", "alice");

        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith("chatdb user get: refused: An API key is required", run.Error, StringComparison.Ordinal);
        Assert.Contains("CHATDB_API_KEY", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKey_IsRefusedWithExit4()
    {
        var run = await silo.RunRestAsync("user", "get", "alice", "--api-key", "chatdb_not-the-key");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("not valid for this silo", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyFromAFile_IsAccepted()
    {
        await File.WriteAllTextAsync(_keyFile, silo.ApiKey + "\n");

        var run = await silo.RunRestAsync("user", "create", "alice", "--name", "Alice", "--api-key-file", _keyFile);

        Assert.Contains("Alice", run.Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyAsASwitch_IsAccepted()
    {
        var run = await silo.RunRestAsync("persona", "list", "--api-key", silo.ApiKey!);

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task AnEmptyKeyFile_IsInvalid()
    {
        await File.WriteAllTextAsync(_keyFile, "  \n");

        var run = await silo.RunRestAsync("persona", "list", "--api-key-file", _keyFile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is empty", run.Error, StringComparison.Ordinal);
    }
}
