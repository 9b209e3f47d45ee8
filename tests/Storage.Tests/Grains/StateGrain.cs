using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Tests.Grains;

[GrainType("storage-tests-state")]
public sealed class StateGrain(
    [PersistentState("profile")] IPersistentState<TestProfile?> profile,
    [PersistentState("settings")] IPersistentState<TestSettings> settings) : Grain, IStateGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task<TestProfile?> GetProfileAsync() => Task.FromResult(profile.State);

    public Task<bool> ProfileRecordExistsAsync() => Task.FromResult(profile.RecordExists);

    public Task SetProfileAsync(TestProfile value)
    {
        profile.State = value;
        return profile.WriteStateAsync();
    }

    public Task ClearProfileAsync() => profile.ClearStateAsync();

    public Task<TestSettings> GetSettingsAsync() => Task.FromResult(settings.State);

    public Task SetThemeAsync(string theme)
    {
        settings.State.Theme = theme;
        settings.State.Revision++;
        return settings.WriteStateAsync();
    }

    public Task ClearSettingsAsync() => settings.ClearStateAsync();
}
