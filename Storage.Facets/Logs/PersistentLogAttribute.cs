using Orleans;

namespace ChatDb.Storage.Logs;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentLog{T}"/>: Orleans asks
/// <see cref="PersistentLogAttributeMapper"/> for the log, bound to the activation's grain id and to the
/// <see cref="IGrainLogStorage"/> registered under <see cref="StorageName"/>, with its count read in the
/// <c>SetupState</c> stage, before the grain's <c>OnActivateAsync</c>; with <see cref="LoadOnActivation"/> false, on
/// first use instead, so activations whose calls never touch the log do not open it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentLogAttribute : Attribute, IFacetMetadata
{
    /// <param name="logName">The log's name within the grain; providers put it in the stored layout.</param>
    /// <param name="storageName">The log storage provider; <c>null</c> selects the one named "Default".</param>
    public PersistentLogAttribute(string logName, string? storageName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        LogName = logName;
        StorageName = storageName;
    }

    public string LogName { get; }

    public string? StorageName { get; }

    /// <summary>
    /// False: the count is not read at activation; the grain calls <see cref="IPersistentLog{T}.EnsureLoadedAsync"/>
    /// before it uses <see cref="IPersistentLog{T}.Count"/> (appends load it themselves).
    /// </summary>
    public bool LoadOnActivation { get; init; } = true;
}
