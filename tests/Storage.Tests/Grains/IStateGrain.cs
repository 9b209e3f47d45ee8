using Orleans;

namespace ChatDb.Storage.Tests.Grains;

/// <summary>A grain with two <c>[PersistentState]</c> facets read at activation from the default provider.</summary>
public interface IStateGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationIdAsync();

    Task<TestProfile?> GetProfileAsync();

    Task<bool> ProfileRecordExistsAsync();

    Task SetProfileAsync(TestProfile value);

    Task ClearProfileAsync();

    Task<TestSettings> GetSettingsAsync();

    Task SetThemeAsync(string theme);

    Task ClearSettingsAsync();
}
