namespace ChatDb.Runtime.Storage;

/// <summary>
/// Well-known storage provider names. A <see cref="PersistentStateAttribute"/> or
/// <see cref="PersistentLogAttribute"/> without a storage name resolves the provider registered
/// under <see cref="Default"/> (Orleans' <c>ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME</c>).
/// </summary>
public static class StorageProviderNames
{
    public const string Default = "Default";
}
