using BenchmarkDotNet.Attributes;
using ChatDb.Grains;
using ChatDb.Grains.Hosting;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Keys;
using ChatDb.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace ChatDb.MicroBenchmarks;

/// <summary>
/// A grain call on an active session through the in-process grain factory of an Orleans silo (localhost
/// clustering on free ports, a cluster id of its own, the chat grains on flatfile storage as the silo
/// executable registers them): a read-only call that touches no storage (the call path itself) and a
/// buffered message append (call path plus log write).
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks : DirectoryBenchmark
{
    private IHost _host = null!;
    private ISessionGrain _session = null!;

    protected override async Task SetupAsync()
    {
        var clusterId = "micro-" + Guid.NewGuid().ToString("N")[..12];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(LoopbackPorts.Next(), LoopbackPorts.Next(), serviceId: clusterId, clusterId: clusterId)
            .AddChatGrains(o => o.Configure(limits => limits.MaxMessagesPerSession = int.MaxValue))
            .AddFlatfileGrainStorageAsDefault(o => o.Configure(storage =>
            {
                storage.StorageBasePath = DataDirectory;
                storage.Durability = Durability.OsBuffered;
            })));
        _host = builder.Build();
        await _host.StartAsync();
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        var session = await grains.GetGrain<IUserGrain>("micro").CreateSessionAsync("Micro benchmark", null);
        _session = grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session("micro", session.Id));
    }

    [Benchmark]
    public Task<long> ReadOnlyCall() => _session.CountMessagesAsync();

    [Benchmark]
    public Task AppendMessage() => _session.AddMessageAsync(new() { Role = "user", Content = "A short message for the call path." });

    protected override async Task CleanupAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
