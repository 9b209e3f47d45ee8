namespace ChatDb.Runtime.Storage;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{T}"/>: the runtime creates
/// it for the activation and loads it before <c>OnActivateAsync</c>, unless <see cref="LoadOnActivation"/>
/// is false.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    /// <summary>Name of the storage provider; <c>null</c> selects the default provider.</summary>
    public string? StorageName { get; } = storageName;

    /// <summary>
    /// True (the default, as in Orleans): the state is read before <c>OnActivateAsync</c>. False: the runtime
    /// only creates the facet and the grain calls <see cref="IPersistentState{T}.ReadStateAsync"/> before its
    /// first use, so activations that never touch the state never read it (a ChatDb extension). Until then
    /// the state is the default value and the ETag null, so a write or clear before the read is refused
    /// with <see cref="InconsistentStateException"/> when a record exists.
    /// </summary>
    public bool LoadOnActivation { get; set; } = true;
}
