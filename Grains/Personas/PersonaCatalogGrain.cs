using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Files;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;

using Orleans.Providers;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Personas;

/// <summary>
/// Lists the personas of one scope (key <c>global</c> or a user id). The ids come from two places:
/// the <c>personas</c> files collection, which the flatfile provider maps to the directory the persona
/// documents live in (so personas put there by an import are found), and the catalog's own small
/// <c>index</c> state, which persona grains update when a persona is created or deleted (so providers
/// that have no such directory, like the memory one, list them too). Contents always come from the
/// persona grains.
/// </summary>
[FencedEntity]
[GrainType(ChatGrainTypes.PersonaCatalog)]
public sealed class PersonaCatalogGrain : Grain, IPersonaCatalogGrain
{
    private const string PersonasCollection = "personas";
    private const string JsonExtension = ".json";

    private static readonly string[] SearchedFields = ["name", "description", "text"];

    private readonly IPersistentState<PersonaCatalogIndex> _index;
    private readonly IGrainFileStorage _files;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private string? _userId;

    public PersonaCatalogGrain(
        [PersistentState("index")] IPersistentState<PersonaCatalogIndex> index,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files)
    {
        _index = index;
        _files = files;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = ChatGrainKeys.ParsePersonaCatalog(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<Persona>> ListAsync()
    {
        var ids = await ListIdsAsync();
        var personas = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IPersonaGrain>(PersonaKey(id)).GetAsync()));
        return personas.OfType<Persona>().OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<Persona>> FindAsync(string? text)
    {
        var scope = _userId is null ? PersonaScopes.Global : PersonaScopes.User;
        IEnumerable<Persona> found = (await ListAsync()).Select(p => p with { Scope = scope });
        if (_userId is not null)
        {
            var global = await GrainFactory.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(null)).ListAsync();
            found = found.Concat(global.Select(p => p with { Scope = PersonaScopes.Global }));
        }

        return string.IsNullOrWhiteSpace(text) ? [.. found] : [.. found.Where(p => Matches(p, text.Trim()))];
    }

    /// <summary>The id, or a string <c>name</c>, <c>description</c> or <c>text</c> field, contains <paramref name="text"/>.</summary>
    private static bool Matches(Persona persona, string text) =>
        persona.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
        || SearchedFields.Any(field => persona.Data.TryGetValue(field, out var value)
            && value.ValueKind == System.Text.Json.JsonValueKind.String
            && value.GetString()!.Contains(text, StringComparison.OrdinalIgnoreCase));

    public async Task<IReadOnlyList<string>> ListIdsAsync()
    {
        var files = await _files.ListAsync(this.GetGrainId(), PersonasCollection);
        var fromFiles = files
            .Select(f => f.Name)
            .Where(name => name.EndsWith(JsonExtension, StringComparison.Ordinal))
            .Select(name => name[..^JsonExtension.Length])
            .Where(EntityIdValidator.IsValid);
        return fromFiles.Union(_index.State.PersonaIds, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public async Task OnPersonaCreatedAsync(string personaId)
    {
        if (!_index.State.PersonaIds.Contains(personaId, StringComparer.Ordinal))
        {
            await ChangeIndexAsync(ids => [.. ids, EntityIdValidator.Validate(personaId, "persona id")]);
        }
    }

    public async Task OnPersonaDeletedAsync(string personaId)
    {
        if (_index.State.PersonaIds.Contains(personaId, StringComparer.Ordinal))
        {
            await ChangeIndexAsync(ids => [.. ids.Where(id => id != personaId)]);
        }
    }

    private string PersonaKey(string personaId) =>
        _userId is null ? ChatGrainKeys.GlobalPersona(personaId) : ChatGrainKeys.UserPersona(_userId, personaId);

    /// <summary>Notifications interleave, so changes are applied and written one at a time; an empty index is removed.</summary>
    private async Task ChangeIndexAsync(Func<List<string>, List<string>> change)
    {
        await _indexGate.WaitAsync();
        try
        {
            var ids = change(_index.State.PersonaIds);
            if (ids.Count == 0)
            {
                await _index.ClearStateAsync();
            }
            else
            {
                await _index.WriteOrRevertAsync(new PersonaCatalogIndex { PersonaIds = ids });
            }
        }
        finally
        {
            _indexGate.Release();
        }
    }
}
