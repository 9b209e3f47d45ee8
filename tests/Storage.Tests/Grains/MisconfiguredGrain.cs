using ChatDb.Storage.Logs;
using Orleans;

namespace ChatDb.Storage.Tests.Grains;

[GrainType("storage-tests-misconfigured")]
public sealed class MisconfiguredGrain([PersistentLog("notes", "Unregistered")] IPersistentLog<TestNote> notes) : Grain, IMisconfiguredGrain
{
    public Task<long> GetCountAsync() => Task.FromResult(notes.Count);
}
