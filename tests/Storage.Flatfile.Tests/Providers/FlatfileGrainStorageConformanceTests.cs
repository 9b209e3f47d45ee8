using ChatDb.Runtime.Storage;
using ChatDb.Runtime.TestKit;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

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
