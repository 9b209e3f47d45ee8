using ChatDb.Grains.Hosting;
using ChatDb.Grains.Security;
using ChatDb.Silo.Api;
using ChatDb.Storage.Flatfile.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using ChatDb.Runtime.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatDb.Cli.Tests;

/// <summary>
/// A silo with the chat grains on flatfile (a data directory that is the only entry of a fresh temporary
/// root, so a test can prove nothing was written anywhere else) and the REST API on Kestrel (127.0.0.1, a
/// free port): what the data commands speak by default. Given an API key, the silo requires it.
/// </summary>
public class RestSilo : IAsyncLifetime
{
    private WebApplication? _app;

    // xunit builds a fixture through its one public constructor.
    public RestSilo()
        : this(apiKey: null)
    {
    }

    protected RestSilo(string? apiKey) => ApiKey = apiKey;

    /// <summary>The admin key the silo requires, or null when it requires none (loopback only).</summary>
    public string? ApiKey { get; }

    public string Root { get; } = Path.Join(Path.GetTempPath(), "chatdb-cli-rest-" + Guid.NewGuid().ToString("N"));

    public string DataDirectory => Path.Join(Root, "data");

    /// <summary>The silo's HTTP address.</summary>
    public string Url { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (ApiKey is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:ApiKeys:0:Name"] = "ops",
                ["Auth:ApiKeys:0:Hash"] = SecretDigest.Format(SecretDigest.Compute(ApiKey)),
                ["Auth:ApiKeys:0:Scope"] = "admin",
            });
        }

        builder.UseChatDbSilo(silo => silo
            .AddChatGrains()
            .AddFlatfileGrainStorageAsDefault(options => options.Configure(storage => storage.StorageBasePath = DataDirectory))
            .AddChatSearch());
        builder.Services.AddChatDbApi();
        _app = builder.Build();
        _app.MapChatDbApi();
        await _app.StartAsync();
        Url = _app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
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

    /// <summary>Runs <c>chatdb args... --silo {url}</c> in this process and captures what it printed.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliCluster.InvokeAsync(args, ["--silo", Url]);

    /// <summary>Every file and directory under the root, relative to it (in-flight temp files of atomic writes left out).</summary>
    public string[] Entries() =>
        [.. Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Root, path))
            .Order(StringComparer.Ordinal)];
}

/// <summary>The REST silo requiring an admin API key, generated per run.</summary>
public sealed class SecuredRestSilo() : RestSilo(SecretDigest.NewToken("chatdb_"));

/// <summary>A REST silo of its own for the hostile-id tests, which compare its whole tree before and after.</summary>
public sealed class HostileIdRestSilo : RestSilo;

[CollectionDefinition(Name)]
public sealed class HostileIdRestCollection : ICollectionFixture<HostileIdRestSilo>
{
    public const string Name = "chatdb hostile ids against one silo over REST";
}

[CollectionDefinition(Name)]
public sealed class RestCollection : ICollectionFixture<RestSilo>
{
    public const string Name = "chatdb against one silo over REST";
}

[CollectionDefinition(Name)]
public sealed class SecuredRestCollection : ICollectionFixture<SecuredRestSilo>
{
    public const string Name = "chatdb against one silo over REST with API keys";
}
