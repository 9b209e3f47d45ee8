using ChatDb.Storage.Memory;
using ChatDb.Storage.TestKit;
using Orleans.Storage;

namespace ChatDb.Storage.Tests.Conformance;

public sealed class MemoryGrainStateStorageConformanceTests : GrainStorageConformanceTests
{
    protected override Task<IGrainStorage> CreateProviderAsync() =>
        Task.FromResult<IGrainStorage>(new MemoryGrainStateStorage("conformance"));
}
