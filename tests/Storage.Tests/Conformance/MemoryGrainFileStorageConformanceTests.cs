using ChatDb.Storage.Files;
using ChatDb.Storage.Memory;
using ChatDb.Storage.TestKit;

namespace ChatDb.Storage.Tests.Conformance;

public sealed class MemoryGrainFileStorageConformanceTests : GrainFileStorageConformanceTests
{
    protected override Task<IGrainFileStorage> CreateProviderAsync() =>
        Task.FromResult<IGrainFileStorage>(new MemoryGrainFileStorage("conformance"));
}
