using ChatDb.Client;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>
/// <c>chatdb export --silo URL --user U [--session S] | --panel P</c>: downloads the silo's streamed export
/// (<see cref="ChatDbRestClient.ExportUserAsync"/>, <see cref="ChatDbRestClient.ExportPanelAsync"/>) into the output
/// file, written beside it and renamed only when the download is complete (a broken transfer leaves nothing).
/// </summary>
internal sealed record SiloExport(string? UserId, string? SessionId, string? PanelId, string Format)
{
    /// <returns>The bytes written.</returns>
    public async Task<long> DownloadAsync(Uri silo, string? apiKey, string output, IMaintenanceProgress progress, CancellationToken cancellationToken)
    {
        using var client = new ChatDbRestClient(silo, apiKey);
        var source = PanelId is { } panel
            ? await client.ExportPanelAsync(panel, Format, cancellationToken).ConfigureAwait(false)
            : await client.ExportUserAsync(UserId!, SessionId, Format, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            return await SiloBackup.CopyToFileAsync(source, output, "export", progress, cancellationToken).ConfigureAwait(false);
        }
    }

    public override string ToString() =>
        PanelId is not null ? $"panel {PanelId}" : SessionId is not null ? $"session {SessionId} of user {UserId}" : $"user {UserId}";
}
