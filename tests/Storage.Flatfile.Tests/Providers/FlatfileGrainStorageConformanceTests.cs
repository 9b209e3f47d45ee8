using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.TestKit;
using Orleans.Storage;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

/// <summary>The state provider on a temporary data directory; reopening opens the directory again.</summary>
public sealed class FlatfileGrainStorageConformanceTests : GrainStorageConformanceTests
{
    private readonly FlatfileTestDirectory _data = new();

    protected override Task<IGrainStorage> CreateProviderAsync() => Task.FromResult(Create());

    protected override Task<IGrainStorage> ReopenProviderAsync(IGrainStorage current)
    {
        _data.Reopen();
        return Task.FromResult(Create());
    }

    protected override async Task DisposeProviderAsync(IGrainStorage provider)
    {
        await base.DisposeProviderAsync(provider);
        _data.Dispose();
    }

    private IGrainStorage Create() => new FlatfileGrainStorage("conformance", _data.Paths, _data.Directory.AtomicFile);
}
