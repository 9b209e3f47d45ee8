using ChatDb.Client;
using ChatDb.Storage;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>
/// <c>chatdb backup --silo URL</c>: downloads <c>GET {URL}/admin/backup</c> from a running silo into the output
/// file, written beside it and renamed only when the download is complete (a broken transfer leaves nothing).
/// </summary>
internal static class SiloBackup
{
    public const string Route = "admin/backup";

    /// <returns>The bytes written.</returns>
    public static async Task<long> DownloadAsync(Uri silo, string output, string? apiKey, IMaintenanceProgress progress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = WithTrailingSlash(silo), Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, Route);
        SiloApiKey.Apply(request, apiKey);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new StorageError($"silo {silo} refused the backup (GET /{Route}): {(int)response.StatusCode} {response.ReasonPhrase}. {SiloErrors.MessageOf(body)}");
        }

        var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            return await CopyToFileAsync(source, output, "backup", progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies a download into <paramref name="output"/> through a temp file renamed only when complete; returns the bytes written.</summary>
    public static Task<long> CopyToFileAsync(Stream source, string output, string operation, IMaintenanceProgress progress, CancellationToken cancellationToken) =>
        TempTarget.WriteAsync(output, async target =>
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                progress.Report(new ProgressUpdate(operation, total, null, "bytes"));
            }

            return total;
        }, cancellationToken);

    private static Uri WithTrailingSlash(Uri silo) =>
        silo.AbsoluteUri.EndsWith('/') ? silo : new Uri(silo.AbsoluteUri + "/");
}
