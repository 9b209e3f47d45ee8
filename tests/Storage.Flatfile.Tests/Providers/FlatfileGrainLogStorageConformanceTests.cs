using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Logs;
using ChatDb.Storage.TestKit;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

/// <summary>The log provider on a temporary data directory; reopening closes the logs and opens the directory again.</summary>
public sealed class FlatfileGrainLogStorageConformanceTests : GrainLogStorageConformanceTests
{
    private readonly FlatfileTestDirectory _data = new();
    private FlatfileOpenLogs? _logs;

    protected override Task<IGrainLogStorage> CreateProviderAsync() => Task.FromResult(Create());

    protected override async Task<IGrainLogStorage> ReopenProviderAsync(IGrainLogStorage current)
    {
        await _logs!.DisposeAsync();
        _data.Reopen();
        return Create();
    }

    protected override async Task DisposeProviderAsync(IGrainLogStorage provider)
    {
        await base.DisposeProviderAsync(provider);
        await _logs!.DisposeAsync();
        _data.Dispose();
    }

    private IGrainLogStorage Create()
    {
        _logs = new FlatfileOpenLogs(_data.Directory.Options);
        return new FlatfileGrainLogStorage("conformance", _data.Paths, _logs, _data.Directory.AtomicFile);
    }
}
