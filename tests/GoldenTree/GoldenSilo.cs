using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Streams;
using ChatDb.Silo.Api;
using ChatDb.Storage.Flatfile.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatDb.GoldenTree;

/// <summary>
/// A silo with the chat grains on flatfile storage (default settings) in one data directory, chat events
/// on memory streams, search, and the REST API on 127.0.0.1 (a free port); time comes from the given
/// clock. The same services as the API tests' server, without their small limits. This is the one part
/// of the generator that knows the runtime.
/// </summary>
internal sealed class GoldenSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GoldenSilo(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    public static async Task<GoldenSilo> StartAsync(string dataDirectory, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(clock);
        builder.UseChatDbSilo(silo =>
        {
            silo.AddChatGrains()
                .AddFlatfileGrainStorageAsDefault(options => options.Configure(storage => storage.StorageBasePath = dataDirectory))
                .AddMemoryStreams(ChatStreams.DefaultProviderName)
                .AddChatEventStreams()
                .AddChatSearch();
            silo.Services.AddMemoryGrainStorage(StreamProviderOptions.DefaultPubSubStorageName);
        });
        builder.Services.AddChatDbApi();

        var app = builder.Build();
        app.MapChatDbApi();
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
        return new GoldenSilo(app, http);
    }

    /// <summary>A graceful stop: every activation deactivates, logs close, the lock is released.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
