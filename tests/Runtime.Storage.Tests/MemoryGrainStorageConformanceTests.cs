using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.TestKit;

namespace ChatDb.Runtime.Storage.Tests;

public sealed class MemoryGrainStorageConformanceTests : GrainStorageConformanceTests
{
    protected override Task<IGrainStorage> CreateProviderAsync() =>
        Task.FromResult<IGrainStorage>(new MemoryGrainStorage("conformance"));
}
