using Orleans;

namespace ChatDb.Storage.States;

/// <summary>
/// Marks a grain constructor parameter of type Orleans' <c>IPersistentState&lt;T&gt;</c> that is NOT read
/// when the grain activates (unlike <c>[PersistentState]</c>, read in the <c>SetupState</c> stage): the grain
/// calls <c>ReadStateAsync</c> before its first use, so activations that never touch the state never pay
/// for reading it. See <see cref="LazyPersistentState{TState}"/> for what the state holds until then.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class LazyPersistentStateAttribute : Attribute, IFacetMetadata
{
    /// <param name="stateName">The state's name within the grain, passed to the provider as Orleans does.</param>
    /// <param name="storageName">The <c>IGrainStorage</c> provider; <c>null</c> selects the default one, as <c>[PersistentState]</c> does.</param>
    public LazyPersistentStateAttribute(string stateName, string? storageName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        StateName = stateName;
        StorageName = storageName;
    }

    public string StateName { get; }

    public string? StorageName { get; }
}
