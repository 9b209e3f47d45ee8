using ChatDb.Grains.Modules;
using ChatDb.Storage.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace ChatDb.Plugins.Sample;

/// <summary>
/// The <c>word_count</c> module: <c>GET /users/{userId}/sessions/{sessionId}/word-count</c> counts the words of a session's
/// messages, in the plugin's own grain (<see cref="IWordCountGrain"/>), which reads the session grain. A sample of a plugin
/// module (docs/MODULES.md, "Plugins").
/// </summary>
public sealed class WordCountPlugin : IChatDbPlugin
{
    public const string Name = "word_count";

    public const string Route = "/users/{userId}/sessions/{sessionId}/word-count";

    public ChatModule Module { get; } = new(Name, "1.0.0", "Counts the words of a session's messages (sample plugin).")
    {
        Routes = [Route],
        GrainInterfaces = [typeof(IWordCountGrain)],
        Services = [typeof(WordCounter)],
    };

    public void ConfigureSilo(ISiloBuilder silo) => silo.Services.AddSingleton<WordCounter>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, CountAsync).WithTags("Word count").WithName("CountWords")
            .Produces<WordCount>().WithDescription("The number of messages of a session and of words in them (sample plugin module word_count).");

    private static async Task<IResult> CountAsync(string userId, string sessionId, IGrainFactory grains)
    {
        // Ids become grain keys and paths: the silo's own rule, whose ValidationError the API answers with 400.
        EntityIdValidator.Validate(userId, "user id");
        EntityIdValidator.Validate(sessionId, "session id");
        var count = await grains.GetGrain<IWordCountGrain>(0).CountAsync(userId, sessionId);
        return Results.Json(count, WordCountJsonContext.Default.WordCount);
    }
}
