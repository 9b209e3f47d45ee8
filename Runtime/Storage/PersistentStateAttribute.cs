namespace ChatDb.Runtime.Storage;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{T}"/>: the runtime creates
/// it for the activation and loads it before <c>OnActivateAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    /// <summary>Name of the storage provider; <c>null</c> selects the default provider.</summary>
    public string? StorageName { get; } = storageName;
}
