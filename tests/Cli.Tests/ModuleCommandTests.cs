namespace ChatDb.Cli.Tests;

/// <summary>The silo with the memory module switched off by its switch (<c>--disable-module memory</c>).</summary>
public sealed class MemoryOffSilo() : ChatDbSilo(apiKey: null, settings: ["--disable-module", "memory"]);

/// <summary>A data command of a disabled module says so and fails, through both doors (docs/MODULES.md).</summary>
public sealed class ModuleCommandTests(MemoryOffSilo silo) : IClassFixture<MemoryOffSilo>
{
    [Fact]
    public async Task AMemoryCommand_PrintsThatTheModuleIsDisabled_AndExits1_OverRest()
    {
        var run = await silo.RunRestAsync("memory", "list", "cli-mod-" + Guid.NewGuid().ToString("N")[..12]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("chatdb memory list: The memory module is disabled in this deployment", run.Error.Trim());
    }

    [Fact]
    public async Task AMemoryCommand_PrintsThatTheModuleIsDisabled_AndExits1_ThroughTheGateway()
    {
        var run = await silo.RunGatewayAsync("memory", "list", "cli-mod-" + Guid.NewGuid().ToString("N")[..12]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("chatdb memory list: The memory module is disabled in this deployment", run.Error.Trim());
    }

    [Fact]
    public async Task CoreCommands_StillWork()
    {
        var run = await silo.RunRestAsync("user", "create", "cli-mod-" + Guid.NewGuid().ToString("N")[..12], "--name", "Ana");

        run.Ok();
    }
}
