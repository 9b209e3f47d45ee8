namespace ChatDb.Storage.Panels;

/// <summary>
/// The panels as the storage holds them, for the panel directory's list: a panel exists once its own record is
/// durable, and panels put in place by an import or a restore are found too. A storage that keeps no per-panel
/// records it can list (the memory providers) registers none, and listing panels is then a configuration error.
/// </summary>
public interface IPanelListing
{
    /// <summary>Ids of the stored panels (live ones, not the trash), ordinal order; empty when there are none.</summary>
    Task<IReadOnlyList<string>> ListPanelIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored panel record (the <c>panel</c> state, as JSON in <see cref="Json.StorageJson.Documents"/>
    /// conventions), or null when it does not exist (a create that never finished, or a panel deleted meanwhile).
    /// </summary>
    Task<byte[]?> ReadPanelAsync(string panelId, CancellationToken cancellationToken = default);
}
