using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Streams;

namespace ChatDb.Runtime.Tests.Infrastructure;

/// <summary>A silo with memory grain/log storage as defaults and both stream providers: "mem" (memory) and "log" (persistent).</summary>
internal static class StreamSilo
{
    public const string Memory = "mem";
    public const string Persistent = "log";

    public static Task<SiloHarness> StartAsync(Action<ISiloBuilder>? configure = null) =>
        SiloHarness.StartAsync(silo =>
        {
            silo.Services.AddMemoryGrainStorageAsDefault();
            silo.Services.AddMemoryGrainLogStorageAsDefault();
            silo.AddMemoryStreams(Memory);
            silo.AddPersistentStreams(Persistent);
            configure?.Invoke(silo);
        });

    public static IAsyncStream<string> Stream(this SiloHarness silo, string provider, string streamNamespace, string key) =>
        silo.Host.Services.GetStreamProvider(provider).GetStream<string>(StreamId.Create(streamNamespace, key));
}
