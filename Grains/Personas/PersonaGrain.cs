using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Files;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Orleans.Providers;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Personas;

/// <summary>
/// A persona (key <c>{personaId}</c> global, <c>{userId}/{personaId}</c> a user's): the latest version
/// in state <c>persona</c>, every version n in file <c>v{n}.json</c> of the <c>versions</c> collection.
/// </summary>
[FencedEntity]
[GrainType(ChatGrainTypes.Persona)]
public sealed partial class PersonaGrain : Grain, IPersonaGrain
{
    private readonly IPersistentState<Persona?> _persona;
    private readonly IGrainFileStorage _files;
    private readonly TimeProvider _time;
    private readonly ILogger<PersonaGrain> _logger;
    private string? _userId;
    private string _personaId = string.Empty;
    private VersionFiles<Persona> _versions = null!;

    public PersonaGrain(
        [PersistentState("persona")] IPersistentState<Persona?> persona,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files,
        TimeProvider time,
        ILogger<PersonaGrain> logger)
    {
        _persona = persona;
        _files = files;
        _time = time;
        _logger = logger;
    }

    private string Subject => _userId is null ? $"global persona {_personaId}" : $"persona {_personaId} of user {_userId}";

    private IPersonaCatalogGrain Catalog => GrainFactory.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(_userId));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_userId, _personaId) = ChatGrainKeys.ParsePersona(this.GetPrimaryKeyString());
        _versions = new VersionFiles<Persona>(_files, this.GetGrainId(), Subject);
        return Task.CompletedTask;
    }

    /// <summary>Version file first, then the latest: the state never names a version that has no file.</summary>
    public async Task<Persona> SaveAsync(Dictionary<string, JsonElement> data)
    {
        if (data is null)
        {
            throw new ValidationError($"{Subject}: the persona data is missing.");
        }

        return await SaveVersionAsync(data, _persona.State?.CopiedFrom);
    }

    private async Task<Persona> SaveVersionAsync(Dictionary<string, JsonElement> data, PersonaOrigin? copiedFrom)
    {
        var isNew = _persona.State is null;
        var persona = new Persona(_personaId, _userId, (_persona.State?.Version ?? 0) + 1, JsonMaps.Copy(data), ChatClock.Now(_time)) { CopiedFrom = copiedFrom };
        await _versions.WriteAsync(persona.Version, persona);
        await _persona.WriteOrRevertAsync(persona);
        if (isNew)
        {
            await NotifyCatalogAsync("the creation of " + Subject, catalog => catalog.OnPersonaCreatedAsync(_personaId));
        }

        return persona;
    }

    public Task<Persona?> GetAsync() => Task.FromResult(_persona.State);

    public Task<Persona?> GetVersionAsync(int version) => _versions.ReadAsync(version);

    public Task<IReadOnlyList<PersonaVersionInfo>> ListVersionsAsync() =>
        _versions.ListAsync((version, size, storedAt) => new PersonaVersionInfo(version, size, storedAt));

    /// <summary>
    /// The state first, then everything else the storage keeps for the grain (its versions; with the flatfile
    /// provider the versions directory itself, so no empty directory is left). Interrupted in between, the
    /// persona reads as gone and a repeated delete removes the versions.
    /// </summary>
    public async Task<int> DeleteAsync()
    {
        var existed = _persona.State is not null;
        var versions = (await ListVersionsAsync()).Count;
        await _persona.ClearStateAsync();
        await _files.DeleteAllAsync(this.GetGrainId());
        if (existed)
        {
            await NotifyCatalogAsync("the deletion of " + Subject, catalog => catalog.OnPersonaDeletedAsync(_personaId));
        }

        return versions;
    }

    private async Task NotifyCatalogAsync(string what, Func<IPersonaCatalogGrain, Task> notify)
    {
        try
        {
            await notify(Catalog);
        }
        catch (Exception error)
        {
            // The catalog also lists the personas directory, so with the flatfile provider it still finds this persona.
            GrainLog.NotificationFailed(_logger, error, "the persona catalog", what);
        }
    }
}
