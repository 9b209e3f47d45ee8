using ChatDb.Storage.States;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Tests.Grains;

[GrainType("storage-tests-lazy")]
public sealed class LazyStateGrain(
    [PersistentState("profile", "Recorded")] IPersistentState<TestProfile?> profile,
    [LazyPersistentState("context", "Recorded")] IPersistentState<TestProfile?> context,
    [LazyPersistentState("documents", "Recorded")] IPersistentState<TestSettings> documents) : Grain, ILazyStateGrain
{
    public Task PingAsync() => Task.CompletedTask;

    public Task<TestProfile?> GetProfileAsync() => Task.FromResult(profile.State);

    public Task<UnreadStateView[]> PeekUnreadAsync() =>
        Task.FromResult<UnreadStateView[]>([Peek(context), Peek(documents)]);

    public async Task<TestProfile?> ReadContextAsync()
    {
        await context.ReadStateAsync();
        return context.State;
    }

    public Task<bool> ContextRecordExistsAsync() => Task.FromResult(context.RecordExists);

    public Task WriteContextAsync(TestProfile value)
    {
        context.State = value;
        return context.WriteStateAsync();
    }

    public Task ClearContextAsync() => context.ClearStateAsync();

    public async Task<TestSettings> ReadDocumentsAsync()
    {
        await documents.ReadStateAsync();
        return documents.State;
    }

    private static UnreadStateView Peek<T>(IPersistentState<T> state)
    {
        string? recordExistsError = null;
        try
        {
            _ = state.RecordExists;
        }
        catch (InvalidOperationException e)
        {
            recordExistsError = e.Message;
        }

        return new UnreadStateView(EqualityComparer<T>.Default.Equals(state.State, default), state.Etag, recordExistsError);
    }
}
