using ChatDb.Storage;
using System.Globalization;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using Microsoft.Net.Http.Headers;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// <c>/admin/...</c>: operations on the whole silo, for operators (the API keys' <c>admin</c> scope covers the
/// prefix). <c>GET /admin/backup</c> streams a <c>.tar.gz</c> that <c>chatdb restore</c> accepts: the silo's
/// writes pause while every file is hard-linked into a snapshot (milliseconds per thousand files), then the
/// snapshot streams while writes go on (docs/OPERATIONS.md §5).
/// </summary>
internal static class AdminEndpoints
{
    public const string BackupRoute = "/admin/backup";
    public const string BackupContentType = "application/gzip";

    public static void Map(IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin");
        admin.MapGet("/backup", BackupAsync)
            .Produces(StatusCodes.Status200OK, contentType: BackupContentType)
            .WithName("Backup")
            .WithErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithDescription("A consistent backup of the whole data directory (one point in time) as a .tar.gz, for `chatdb restore`. "
                + "Writes pause only while the snapshot is linked; the response then streams. A failure after the first byte aborts "
                + "the connection, so a cut-short download is never taken for a backup. Refused with 409 while other silos of the "
                + "cluster share the data directory (this silo can pause only its own writes).");
        admin.MapGet("/stats", StatsAsync)
            .Produces<StorageStatistics>()
            .WithName("StorageStatistics")
            .WithErrors(StatusCodes.Status404NotFound)
            .WithDescription("Storage figures of the data directory: users, sessions, message records (deleted and redacted ones included) "
                + "and bytes on disk (every file, trash and indexes included). Computed on request without reading message text: "
                + "a directory walk, and per session log its sparse index's last entry plus the lines after it (docs/API.md).");
    }

    private static async Task<IResult> StatsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var directory = context.RequestServices.GetService<FlatfileDataDirectory>()
            ?? throw new NotFoundError("this silo does not store its data with the flatfile provider, so it has no data directory to measure (GET /admin/stats).");
        var statistics = await Task.Run(() => StorageStatistics.Compute(directory.Options, cancellationToken), cancellationToken);
        return ApiResults.Ok(statistics, ApiJsonContext.Default.StorageStatistics);
    }

    private static async Task BackupAsync(HttpContext context, TimeProvider timeProvider, ILogger<BackupEngine> logger)
    {
        var directory = context.RequestServices.GetService<FlatfileDataDirectory>();
        var gate = context.RequestServices.GetService<FlatfileWriteGate>();
        if (directory is null || gate is null)
        {
            throw new NotFoundError("this silo does not store its data with the flatfile provider, so it has no data directory to back up (GET /admin/backup).");
        }

        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = BackupContentType;
        context.Response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"chatdb-backup-{stamp}.tar.gz\"";
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        try
        {
            var result = await new BackupEngine(directory.Options, timeProvider: timeProvider)
                .WriteLiveAsync(context.Response.Body, gate, context.RequestAborted, directory.Lock);
            ApiLog.BackupWritten(logger, result.Files, result.Bytes, result.WritesPaused.TotalMilliseconds);
        }
        catch (Exception e) when (context.Response.HasStarted)
        {
            // The status line is gone: abort, so the client sees a broken transfer, not a short archive.
            ApiLog.BackupAborted(logger, e);
            context.Abort();
        }
    }
}
