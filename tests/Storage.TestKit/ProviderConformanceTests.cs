using Orleans.Runtime;

namespace ChatDb.Storage.TestKit;

/// <summary>
/// Lifetime shared by the storage conformance suites. xunit creates one instance per test, so each
/// test gets a provider from <see cref="CreateProviderAsync"/> and gives it back through
/// <see cref="DisposeProviderAsync"/>. A provider that needs a temporary directory creates it in
/// the first and deletes it in the second (calling the base to dispose the provider first).
/// </summary>
public abstract class ProviderConformanceTests<TProvider> : IAsyncLifetime
    where TProvider : class
{
    private TProvider? _provider;

    /// <summary>The provider under test; valid from xunit's <c>InitializeAsync</c> on.</summary>
    protected TProvider Provider =>
        _provider ?? throw new InvalidOperationException($"{GetType().Name}: the provider is used before InitializeAsync created it.");

    /// <summary>Creates the provider under test, over fresh, empty storage.</summary>
    protected abstract Task<TProvider> CreateProviderAsync();

    /// <summary>
    /// Returns a provider over the same stored data as <paramref name="current"/>, as after a silo
    /// restart: a durable provider disposes <paramref name="current"/> and opens a new instance.
    /// The default (for providers that lose data with the instance) returns <paramref name="current"/>.
    /// </summary>
    protected virtual Task<TProvider> ReopenProviderAsync(TProvider current) => Task.FromResult(current);

    /// <summary>Disposes the provider (<see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>).</summary>
    protected virtual async Task DisposeProviderAsync(TProvider provider)
    {
        switch (provider)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>A grain id no other test uses, so providers over shared storage (a database) work too.</summary>
    protected virtual GrainId NewGrainId() => GrainId.Create("conformance", Guid.NewGuid().ToString("N"));

    /// <summary>Replaces <see cref="Provider"/> by <see cref="ReopenProviderAsync"/>'s result.</summary>
    protected async Task ReopenAsync() => _provider = await ReopenProviderAsync(Provider);

    async Task IAsyncLifetime.InitializeAsync() => _provider = await CreateProviderAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_provider is not null)
        {
            await DisposeProviderAsync(_provider);
            _provider = null;
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with a message that names <paramref name="what"/> if it hangs.</summary>
    protected static async Task<T> WithTimeoutAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after 30 s waiting for {what}.", e);
        }
    }
}
