using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Panels;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// The panel directories under <c>panel_sessions/</c> as they are on disk. Directories that are symbolic links or
/// whose names are not panel ids are ignored, as for sessions (<see cref="FlatfileUserSessions"/>).
/// </summary>
public sealed class FlatfilePanels : IPanelListing
{
    private readonly FlatfileLayout _layout;

    public FlatfilePanels(FlatfileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
    }

    public Task<IReadOnlyList<string>> ListPanelIdsAsync(CancellationToken cancellationToken = default)
    {
        var directory = new DirectoryInfo(_layout.PanelsDirectory);
        try
        {
            IReadOnlyList<string> ids = directory.Exists
                ? directory.EnumerateDirectories()
                    .Where(child => child.LinkTarget is null && _layout.Ids.IsValid(GeneratedIdKind.Panel, child.Name))
                    .Select(child => child.Name)
                    .Order(StringComparer.Ordinal)
                    .ToList()
                : [];
            return Task.FromResult(ids);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"listing the panel directories in '{directory.FullName}' failed: {e.Message}", e);
        }
    }

    /// <summary>The bytes of the panel's <c>panel.json</c>, or null when it does not exist.</summary>
    public async Task<byte[]?> ReadPanelAsync(string panelId, CancellationToken cancellationToken = default)
    {
        var path = _layout.PanelMetadataFile(panelId);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"reading '{path}' of panel {panelId} failed: {e.Message}", e);
        }
    }
}
