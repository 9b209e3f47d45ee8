using System.Globalization;
using ChatDb.Tests.Shared;
using Microsoft.AspNetCore.Builder;

namespace ChatDb.Silo.Tests;

/// <summary>
/// The silo application in this process with the sample plugin in its modules folder (<c>{root}/modules/word_count/</c>,
/// a copy of the sample's build output), on free loopback ports and a data directory of its own.
/// </summary>
public sealed class PluginSilo : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>A temporary directory: the modules folder, the data directories, anything a test adds.</summary>
    public string Root { get; } = Path.Join(Path.GetTempPath(), "chatdb-plugin-tests-" + Guid.NewGuid().ToString("N"));

    public string PluginsPath => Path.Join(Root, "modules");

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The silo's arguments: its own data directory (<c>{root}/{name}/data</c>), ports and cluster id, and the modules folder.</summary>
    public string[] Arguments(string name)
    {
        var clusterId = "plugin-tests-" + Guid.NewGuid().ToString("N");
        return
        [
            "--data", Path.Join(Root, name, "data"), "--http", "http://127.0.0.1:0",
            "--silo-port", LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture),
            "--cluster-id", clusterId, "--service-id", clusterId,
            $"--Modules:PluginsPath={PluginsPath}",
            "--Logging:LogLevel:Default=Warning",
        ];
    }

    public async Task InitializeAsync()
    {
        var sample = Path.Join(AppContext.BaseDirectory, "sample-plugin");
        var folder = Path.Join(PluginsPath, "word_count");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(folder, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        (_app, _) = SiloApplication.Build(Arguments("on"));
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
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
