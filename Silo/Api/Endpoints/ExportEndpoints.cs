using System.IO.Pipelines;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;
using ChatDb.Storage.Export;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// <c>GET /users/{userId}/export</c> (the user, or one session with <c>?sessionId=</c>) and <c>GET /panels/{panelId}/export</c>:
/// the records of the offline <c>chatdb export</c> (docs/OPERATIONS.md §2) for one entity, as of one point in time, streamed.
/// Writes pause only while the data directory is hard-linked into a snapshot, as for <c>GET /admin/backup</c>.
/// </summary>
internal static class ExportEndpoints
{
    private const string Description =
        "The records `chatdb export` writes (a header line, one record a line, an end line with the counts) for {0}, as of one point in time; "
        + "`chatdb import` reads the JSON Lines form into a data directory. format=json gives the same records as one JSON array. "
        + "Writes pause only while the snapshot is linked; the response then streams. A failure after the first byte aborts the connection.";

    private static readonly ApiQueryParameter Format = new("format", "jsonl (default): JSON Lines, as `chatdb import` reads; json: one JSON array of the same records.", JsonSchemaType.String, "jsonl")
    {
        Values = ["jsonl", "json"],
    };

    private static readonly ApiQueryParameter SessionId = new(
        "sessionId", "Export only this session of the user (a session id as the silo generated it).", JsonSchemaType.String, ApiPathParameters.SessionIdExample);

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users/{userId}/export", UserAsync).WithTags("Export").RequireUserScope()
            .Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.JsonLines, additionalContentTypes: ApiContentTypes.Json)
            .WithName("ExportUser").WithErrors(StatusCodes.Status404NotFound)
            .WithDescription(string.Format(System.Globalization.CultureInfo.InvariantCulture, Description, "everything under the user's directory (profile, sessions, personas, per-user data), or one session of theirs"))
            .WithQuery(Format, SessionId);
        api.MapGet("/panels/{panelId}/export", PanelAsync).WithTags("Export")
            .Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.JsonLines, additionalContentTypes: ApiContentTypes.Json)
            .WithName("ExportPanel").WithErrors(StatusCodes.Status404NotFound)
            .WithDescription(string.Format(System.Globalization.CultureInfo.InvariantCulture, Description, "the panel (panel, messages, personas, insights, events)"))
            .WithQuery(Format);
    }

    private static Task UserAsync(string userId, HttpContext context, ApiRules rules, ILogger<ILiveExport> logger)
    {
        var user = rules.UserId(userId);
        var json = IsJson(context.Request);
        var scope = QueryArgs.Text(context.Request, "sessionId") is { } session
            ? ExportScope.Session(user, rules.SessionId(session))
            : ExportScope.User(user);
        return StreamAsync(context, scope, json, scope.SessionId ?? user, logger);
    }

    private static Task PanelAsync(string panelId, HttpContext context, ApiRules rules, ILogger<ILiveExport> logger)
    {
        var panel = rules.PanelId(panelId);
        var json = IsJson(context.Request);
        return StreamAsync(context, ExportScope.Panel(panel), json, panel, logger);
    }

    private static bool IsJson(HttpRequest request) => QueryArgs.Text(request, "format") switch
    {
        null or "jsonl" => false,
        "json" => true,
        var other => throw new ValidationError($"query parameter 'format' is '{other}'; use jsonl or json."),
    };

    private static async Task StreamAsync(HttpContext context, ExportScope scope, bool json, string name, ILogger logger)
    {
        var export = context.RequestServices.GetService<ILiveExport>()
            ?? throw new NotFoundError($"this silo does not store its data with the flatfile provider, so it cannot export {scope}.");
        var cancellationToken = context.RequestAborted;
        var pipe = new Pipe();
        var producer = Task.Run(() => ProduceAsync(pipe.Writer, export, scope, json, cancellationToken), cancellationToken);
        try
        {
            // The first bytes decide the status: an unknown user, session or panel fails before any is written.
            var first = await pipe.Reader.ReadAsync(cancellationToken);
            context.Response.ContentType = json ? ApiContentTypes.Json : ApiContentTypes.JsonLines;
            context.Response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"chatdb-export-{name}.{(json ? "json" : "jsonl")}\"";
            context.Response.Headers[HeaderNames.CacheControl] = "no-store";
            foreach (var segment in first.Buffer)
            {
                await context.Response.Body.WriteAsync(segment, cancellationToken);
            }

            pipe.Reader.AdvanceTo(first.Buffer.End);
            if (!first.IsCompleted)
            {
                await pipe.Reader.CopyToAsync(context.Response.Body, cancellationToken);
            }

            var records = await producer;
            ApiLog.ExportWritten(logger, scope.ToString(), records);
        }
        catch (Exception e) when (context.Response.HasStarted)
        {
            ApiLog.ExportAborted(logger, e, scope.ToString());
            context.Abort();
        }
        finally
        {
            await pipe.Reader.CompleteAsync();
        }
    }

    private static async Task<long> ProduceAsync(PipeWriter writer, ILiveExport export, ExportScope scope, bool json, CancellationToken cancellationToken)
    {
        try
        {
            var records = await export.ExportAsync(scope, json, writer.AsStream(leaveOpen: true), cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
            return records;
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }
}
