using ChatDb.Runtime;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage;
using ChatDb.Storage.Flatfile.Hosting;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Options;
using ChatDb.Storage.Retention;
using ChatDb.Storage.Sessions;
using ChatDb.Storage.Flatfile.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

public sealed class FlatfileRegistrationTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string DataPath => _root.Combine("data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task AsDefault_RegistersStateLogAndFiles_OverOneLockedDirectory_ReleasedOnStop()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault());
        await host.StartAsync();
        var services = host.Services;
        var grain = GrainId.Create("user", "alice");

        await services.GetRequiredKeyedService<IGrainStorage>(StorageProviderNames.Default)
            .WriteStateAsync("profile", grain, new GrainState<Dictionary<string, string>>(new() { ["name"] = "Alice" }));
        var files = services.GetRequiredService<IGrainFileStorage>();
        var heldWhileRunning = Record.Exception(() => DataDirectoryLock.Acquire(DataPath));
        await host.StopAsync();

        Assert.Same(services.GetRequiredKeyedService<IGrainFileStorage>(StorageProviderNames.Default), files);
        Assert.NotNull(services.GetRequiredKeyedService<IGrainLogStorage>(StorageProviderNames.Default));
        Assert.True(File.Exists(Path.Join(DataPath, "users", "alice", "profile.json")));
        Assert.IsType<ConfigurationError>(heldWhileRunning);
        using var reacquired = DataDirectoryLock.Acquire(DataPath);
    }

    [Fact]
    public void SameNameTwice_IsAConfigurationError()
    {
        var error = Assert.Throws<ConfigurationError>(() => Build(silo => silo.AddFlatfileGrainStorage("a").AddFlatfileGrainStorage("a")));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidStorageSetting_FailsTheHostStart_NamingTheSetting()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault(options => options.Configure(o => o.MessagesFilename = "../messages.jsonl")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:MessagesFilename must be a valid path name", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(DataPath, DataDirectoryLock.FileName)));
    }

    [Fact]
    public async Task InvalidChatLimit_InTheStorageSection_FailsTheHostStart_NamingTheSetting()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault(), new() { ["Storage:MaxMessagesPerSession"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:MaxMessagesPerSession must be positive (was 0).", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(DataPath, DataDirectoryLock.FileName)));
    }

    [Fact]
    public void AsDefault_RegistersTheFlatfileSideOfTheChatStorageServices_OverTheBoundChatLimits()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault(), new()
        {
            ["Storage:MaxDocumentSizeBytes"] = "4096",
            ["Storage:UserDataDirectoryName"] = "people",
            ["Storage:DocumentMetadataFilename"] = "index.json",
        });
        var services = host.Services;

        var limits = services.GetRequiredService<IOptions<ChatLimitsOptions>>().Value;
        var documents = services.GetRequiredService<IDocumentLocations>();

        Assert.Equal(4096, limits.MaxDocumentSizeBytes);
        Assert.Same(limits, services.GetRequiredService<IOptions<FlatfileStorageOptions>>().Value.ChatLimits);
        Assert.IsType<FlatfileUserSessions>(services.GetRequiredService<IUserSessionDirectory>());
        Assert.IsType<FlatfileSessionArchive>(services.GetRequiredService<ISessionArchive>());
        Assert.IsType<FlatfileRetentionPlanner>(services.GetRequiredService<IRetentionPlanner>());
        Assert.Equal(["index.json", "analysis"], documents.ReservedFilenames);
        Assert.Equal("people/alice/s1/documents/a.pdf", documents.RelativePath("alice", "s1", "a.pdf"));
    }

    private IHost Build(Action<ISiloBuilder> configure, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Storage:StorageBasePath"] = DataPath;
        foreach (var (key, value) in settings ?? [])
        {
            builder.Configuration[key] = value;
        }

        builder.UseChatDbSilo(configure);
        return builder.Build();
    }
}
