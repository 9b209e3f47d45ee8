using ChatDb.Silo.Api.Http;
using ChatDb.Storage;
using Microsoft.OpenApi;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Audit;
using ChatDb.Storage.Flatfile.Audit;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>GET /audit</c> (admin): the audit log of deletes, purges, redactions, restores and key changes, every silo's file merged, newest first.</summary>
internal static class AuditEndpoints
{
    public static ApiQueryParameter Since { get; } = new("since",
        "Only entries at or after this instant (ISO 8601; without an offset it is UTC).", JsonSchemaType.String, "2020-01-01T00:00:00Z")
    {
        Format = "date-time",
    };

    public static ApiQueryParameter Until { get; } = new("until",
        "Only entries before this instant (ISO 8601; without an offset it is UTC).", JsonSchemaType.String, "2100-01-01T00:00:00Z")
    {
        Format = "date-time",
    };

    public static ApiQueryParameter Action { get; } = new("action", "Only entries of this action.", JsonSchemaType.String, AuditActions.Delete)
    {
        Values = AuditActions.All,
    };

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithTags("Admin").Produces<IReadOnlyList<AuditEntry>>().WithName("ListAudit")
            .WithQuery(ApiQuery.Limit, ApiQuery.Offset, Since, Until, Action)
            .WithErrors(StatusCodes.Status404NotFound)
            .WithDescription("Deletes, purges, redactions, restores and API key changes: who, what, when and the outcome, from every silo "
                + "sharing the data directory, newest first. 404 when the silo has no data directory (another storage provider).");
    }

    private static async Task<IResult> ListAsync(HttpContext context, AuditTrail trail, ApiRules rules)
    {
        if (!trail.IsAvailable)
        {
            throw new NotFoundError("this silo does not store its data with the flatfile provider, so it keeps no audit log (GET /audit).");
        }

        var request = context.Request;
        var limit = rules.PageSize(request) ?? 100;
        var offset = QueryArgs.Int(request, "offset") ?? 0;
        if (offset < 0)
        {
            throw new ValidationError($"query parameter 'offset' = {offset} must be 0 or more.");
        }

        var action = QueryArgs.Text(request, "action");
        if (action is not null && !AuditActions.All.Contains(action))
        {
            throw new ValidationError($"query parameter 'action' = '{action}' is not one of {string.Join(", ", AuditActions.All)}.");
        }

        var entries = await trail.ListAsync(QueryArgs.Instant(request, "since"), QueryArgs.Instant(request, "until"), action, limit, offset, context.RequestAborted);
        return ApiResults.Ok(entries, ApiJsonContext.Default.IReadOnlyListAuditEntry);
    }
}
