using ChatDb.Storage.Logs;
using ChatDb.Storage.Memory;
using ChatDb.Storage.TestKit;

namespace ChatDb.Storage.Tests.Conformance;

public sealed class MemoryGrainLogStorageConformanceTests : GrainLogStorageConformanceTests
{
    protected override Task<IGrainLogStorage> CreateProviderAsync() =>
        Task.FromResult<IGrainLogStorage>(new MemoryGrainLogStorage("conformance"));
}
