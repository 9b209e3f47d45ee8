using ChatDb.Grains.Hosting;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Storage.Memory;
using ChatDb.Silo.Api;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// A silo with the chat grains on memory providers and the REST API on a real Kestrel listener
/// (127.0.0.1, a free port), shared by the tests of <see cref="ApiCollection"/>. Limits are small so
/// the 413 paths are cheap to reach.
/// </summary>
public sealed class ApiServer : IAsyncLifetime
{
    public const long MaxMessageSizeBytes = 16 * 1024;
    public const long MaxDocumentSizeBytes = 256 * 1024;

    /// <summary>The JSON body limit the API derives: max(64 KiB, 2 x MaxMessageSizeBytes).</summary>
    public const long JsonBodyLimitBytes = 64 * 1024;

    private WebApplication? _app;

    /// <summary>A temporary directory holding the configured data directory and nothing else.</summary>
    public string Root { get; } = Path.Join(Path.GetTempPath(), "chatdb-api-tests-" + Guid.NewGuid().ToString("N"));

    public string DataDirectory => Path.Join(Root, "data");

    internal FaultyGrainStorage State { get; } = new(new MemoryGrainStorage(StorageProviderNames.Default));

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public long StateReads => State.Reads;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Storage:StorageBasePath"] = DataDirectory;
        builder.UseChatDbSilo(silo =>
        {
            silo.Services.AddGrainStorage(StorageProviderNames.Default, (_, _) => State);
            silo.Services.AddMemoryGrainLogStorageAsDefault();
            silo.Services.AddKeyedSingleton<IGrainFileStorage>(StorageProviderNames.Default, (provider, _) =>
                new MemoryGrainFileStorage(provider.GetRequiredService<TimeProvider>()));
            silo.Services.AddOptions<FlatfileStorageOptions>().Configure(options =>
            {
                options.StorageBasePath = DataDirectory;
                options.MaxMessageSizeBytes = MaxMessageSizeBytes;
                options.MaxDocumentSizeBytes = MaxDocumentSizeBytes;
            });
            silo.AddChatGrains();
        });
        builder.Services.AddChatDbApi();

        _app = builder.Build();
        _app.MapChatDbApi();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiServer>
{
    public const string Name = "REST API on one silo";
}
