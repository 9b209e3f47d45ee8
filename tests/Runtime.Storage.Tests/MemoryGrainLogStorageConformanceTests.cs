using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.TestKit;

namespace ChatDb.Runtime.Storage.Tests;

public sealed class MemoryGrainLogStorageConformanceTests : GrainLogStorageConformanceTests
{
    protected override Task<IGrainLogStorage> CreateProviderAsync() =>
        Task.FromResult<IGrainLogStorage>(new MemoryGrainLogStorage("conformance"));
}
