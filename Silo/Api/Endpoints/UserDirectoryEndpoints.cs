using ChatDb.Grains;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Storage;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Ids;
using Microsoft.OpenApi;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// <c>GET /users</c> (admin): the users of the data directory, found by id, for operators and the console. The
/// user grains keep no list of all users, so the route reads the names of the <c>users/</c> directories (one
/// directory listing, no file read) and asks only the page's user grains for their display names.
/// </summary>
internal static class UserDirectoryEndpoints
{
    public const int DefaultPageSize = 50;

    private static readonly ApiQueryParameter IdContains = new("q", "Only users whose id contains this text, case-insensitive.", JsonSchemaType.String, "ali");

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users", ListAsync).WithTags("Users").Produces<UserDirectoryPage>().WithName("ListUsers")
            .WithErrors(StatusCodes.Status404NotFound)
            .WithDescription("Admin only. Users in id order (ordinal), with their display names and the number of users that matched; "
                + $"query: q (id contains, case-insensitive), limit (default {DefaultPageSize}), offset. "
                + "404 when the silo does not store its data with the flatfile provider.")
            .WithQuery(IdContains, ApiQuery.Limit, ApiQuery.Offset);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var directory = context.RequestServices.GetService<FlatfileDataDirectory>()
            ?? throw new NotFoundError("this silo does not store its data with the flatfile provider, so it has no user directory to list (GET /users).");
        var request = context.Request;
        // Other list routes leave a limit below 1 to their grain, which refuses it; this one reads the directory itself.
        var limit = rules.PageSize(request) ?? DefaultPageSize;
        if (limit < 1)
        {
            throw new ValidationError($"query parameter 'limit' = {limit} must be at least 1.");
        }

        var offset = QueryArgs.Int(request, "offset") ?? 0;
        if (offset < 0)
        {
            throw new ValidationError($"query parameter 'offset' = {offset} must be 0 or more.");
        }

        var query = QueryArgs.Text(request, "q");
        var root = new DirectoryInfo(directory.Layout.UsersDirectory);
        var matching = root.Exists
            ? root.EnumerateDirectories()
                .Select(user => user.Name)
                .Where(id => EntityIdValidator.IsValid(id) && (query is null || id.Contains(query, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var page = matching.Skip(offset).Take(limit).ToList();
        var profiles = await Task.WhenAll(page.Select(id => grains.GetGrain<IUserGrain>(id).GetProfileAsync()));
        var users = page.Select((id, i) => new UserDirectoryEntry(id, profiles[i]?.DisplayName)).ToList();
        return ApiResults.Ok(new UserDirectoryPage(users, matching.Count, offset), ApiJsonContext.Default.UserDirectoryPage);
    }
}
