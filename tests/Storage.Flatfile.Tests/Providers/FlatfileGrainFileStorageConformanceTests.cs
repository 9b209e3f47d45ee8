using ChatDb.Storage.Files;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.TestKit;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

/// <summary>The file provider on a temporary data directory; reopening closes the logs and opens the directory again.</summary>
public sealed class FlatfileGrainFileStorageConformanceTests : GrainFileStorageConformanceTests
{
    private readonly FlatfileTestDirectory _data = new();
    private FlatfileOpenLogs? _logs;

    protected override Task<IGrainFileStorage> CreateProviderAsync() => Task.FromResult(Create());

    protected override async Task<IGrainFileStorage> ReopenProviderAsync(IGrainFileStorage current)
    {
        await _logs!.DisposeAsync();
        _data.Reopen();
        return Create();
    }

    protected override async Task DisposeProviderAsync(IGrainFileStorage provider)
    {
        await base.DisposeProviderAsync(provider);
        await _logs!.DisposeAsync();
        _data.Dispose();
    }

    private IGrainFileStorage Create()
    {
        _logs = new FlatfileOpenLogs(_data.Directory.Options);
        return new FlatfileGrainFileStorage("conformance", _data.Paths, _data.Directory.AtomicFile, _logs, _data.Directory.Options);
    }
}
