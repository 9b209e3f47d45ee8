using System.Text.Json;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Http;
using ChatDb.Storage;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage.Keys;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// Personas: global ones under <c>/personas/{personaId}</c>, a user's own under
/// <c>/users/{userId}/personas/{personaId}</c>; every save is a new version and old versions stay readable.
/// </summary>
internal static class PersonaEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/personas", ListAsync).WithTags("Personas").Produces<IReadOnlyList<Persona>>().WithName("ListPersonas")
            .WithDescription("The global personas; with ?userId= the user's own first, then the global ones. Each carries scope: user or global. "
                + "?q= keeps personas whose id, name, description or text contains it (case-insensitive).")
            .WithQuery(ApiQuery.PersonaOwner, ApiQuery.PersonaText);
        MapScope(api.MapGroup("/personas/{personaId}").WithTags("Personas"), "Global");
        var user = api.MapGroup("/users/{userId}/personas/{personaId}").WithTags("Personas").RequireUserScope();
        MapScope(user, "User");

        // Both write outside the user's own data (another user's personas, the global ones): admin keys only.
        var copies = api.MapGroup("/users/{userId}/personas/{personaId}").WithTags("Personas").RequireAdminScope();
        copies.MapPost("/share", ShareAsync).Accepts<SharePersonaRequest>(ApiContentTypes.Json)
            .Produces<Persona>(StatusCodes.Status201Created).WithName("ShareUserPersona")
            .WithDescription("Copies the persona's latest version to user toUserId as persona asPersonaId (default: the same id): a new persona, "
                + "version 1, whose copiedFrom names the original. 400 when that persona exists; 404 when the original does not. Admin keys only.")
            .WithRequestExample("""{"toUserId": "bob"}""");
        copies.MapPost("/publish", PublishAsync).Accepts<PublishPersonaRequest>(ApiContentTypes.Json)
            .Produces<Persona>(StatusCodes.Status201Created).WithName("PublishUserPersona")
            .WithDescription("Copies the persona's latest version as the global persona asPersonaId (default, with {}: the same id), whose copiedFrom names "
                + "the original. 400 when that global persona exists; 404 when the original does not. Admin keys only.")
            .WithRequestExample("""{"asPersonaId": "tutor-published"}""");
    }

    private static void MapScope(RouteGroupBuilder persona, string scope)
    {
        persona.MapPut("/", SaveAsync).Accepts<Dictionary<string, JsonElement>>(ApiContentTypes.Json).Produces<Persona>().WithName($"Put{scope}Persona").WithIfMatch()
            .WithDescription("The body is the persona definition; each save stores a new version.")
            .WithRequestExample("""{"name": "Tutor", "style": "patient", "expertise": ["travel"]}""");
        persona.MapGet("/", GetAsync).Produces<Persona>().WithName($"Get{scope}Persona").WithETagRead();
        persona.MapDelete("/", DeleteAsync).Produces(StatusCodes.Status204NoContent).WithName($"Delete{scope}Persona").WithIfMatch(answersWithETagOn: null);
        persona.MapGet("/versions", ListVersionsAsync).Produces<IReadOnlyList<PersonaVersionInfo>>().WithName($"List{scope}PersonaVersions");
        persona.MapGet("/versions/{version:int}", GetVersionAsync).Produces<Persona>().WithName($"Get{scope}PersonaVersion");
    }

    /// <summary>The persona grain for the route: a user's own when the route has a userId, else the global one.</summary>
    private static IPersonaGrain Persona(HttpContext context, IGrainFactory grains, ApiRules rules, string personaId, out string subject)
    {
        // Read from the route only: a userId in the query string must never turn a global route into a user's.
        var userId = context.GetRouteValue("userId") as string;
        var persona = rules.PersonaId(personaId);
        if (userId is null)
        {
            subject = $"global persona {persona}";
            return grains.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona(persona));
        }

        var user = rules.UserId(userId);
        subject = $"persona {persona} of user {user}";
        return grains.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(user, persona));
    }

    private static async Task<IResult> SaveAsync(string personaId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Persona(context, grains, rules, personaId, out var subject);
        var data = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.DictionaryStringJsonElement, rules.JsonBody, subject);
        var saved = await grain.SaveIfMatchAsync(data, EntityTagHeaders.IfMatch(context.Request));
        return TaggedResults.Written(context, saved, ChatDbJsonContext.Default.Persona);
    }

    private static async Task<IResult> GetAsync(string personaId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Persona(context, grains, rules, personaId, out var subject);
        return await grain.GetWithETagAsync() is { } persona
            ? TaggedResults.Read(context, persona, ChatDbJsonContext.Default.Persona)
            : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> DeleteAsync(string personaId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Persona(context, grains, rules, personaId, out var subject);
        return await grain.DeleteIfMatchAsync(EntityTagHeaders.IfMatch(context.Request)) > 0 ? Results.NoContent() : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> ListVersionsAsync(string personaId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var versions = await Persona(context, grains, rules, personaId, out _).ListVersionsAsync();
        return ApiResults.Ok(versions, ChatDbJsonContext.Default.IReadOnlyListPersonaVersionInfo);
    }

    private static async Task<IResult> GetVersionAsync(string personaId, int version, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Persona(context, grains, rules, personaId, out var subject);
        return await grain.GetVersionAsync(version) is { } persona
            ? ApiResults.Ok(persona, ChatDbJsonContext.Default.Persona)
            : ApiResults.NotFound($"{subject} has no version {version}.");
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var userId = QueryArgs.Text(context.Request, "userId") is { } user ? rules.UserId(user) : null;
        var text = QueryArgs.Text(context.Request, "q");
        var personas = await grains.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(userId)).FindAsync(text);
        return ApiResults.Ok(personas, ChatDbJsonContext.Default.IReadOnlyListPersona);
    }

    private static async Task<IResult> ShareAsync(string userId, string personaId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Persona(context, grains, rules, personaId, out var subject);
        var request = await RequestBody.ReadJsonAsync(context, ApiJsonContext.Default.SharePersonaRequest, rules.JsonBody, "share of " + subject);
        var toUser = rules.UserId(request.ToUserId ?? throw new ValidationError($"share of {subject}: 'toUserId' is required."));
        var asPersona = request.AsPersonaId is { } id ? rules.PersonaId(id) : rules.PersonaId(personaId);
        var copy = await grain.CopyToAsync(toUser, asPersona);
        return ApiResults.Created(context, $"/users/{toUser}/personas/{copy.Id}", copy, ChatDbJsonContext.Default.Persona);
    }

    private static async Task<IResult> PublishAsync(string userId, string personaId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Persona(context, grains, rules, personaId, out var subject);
        var request = await RequestBody.ReadJsonAsync(context, ApiJsonContext.Default.PublishPersonaRequest, rules.JsonBody, "publish of " + subject);
        var asPersona = request.AsPersonaId is { } id ? rules.PersonaId(id) : rules.PersonaId(personaId);
        var copy = await grain.CopyToAsync(null, asPersona);
        return ApiResults.Created(context, $"/personas/{copy.Id}", copy, ChatDbJsonContext.Default.Persona);
    }
}
