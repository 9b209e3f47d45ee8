using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.TestKit;

namespace ChatDb.Runtime.Storage.Tests;

public sealed class MemoryGrainFileStorageConformanceTests : GrainFileStorageConformanceTests
{
    protected override Task<IGrainFileStorage> CreateProviderAsync() =>
        Task.FromResult<IGrainFileStorage>(new MemoryGrainFileStorage());
}
