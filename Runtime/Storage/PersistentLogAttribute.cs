namespace ChatDb.Runtime.Storage;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentLog{T}"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentLogAttribute(string logName, string? storageName = null) : Attribute
{
    public string LogName { get; } = logName;

    public string? StorageName { get; } = storageName;
}
