using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>What deleting one panel did.</summary>
/// <param name="PanelId">The deleted panel.</param>
/// <param name="Messages">Messages it held.</param>
/// <param name="Insights">Insights it held.</param>
/// <param name="FilesRemoved">Files the storage erased; 0 when the panel went to the trash.</param>
[Immutable]
public sealed record PanelDeletionReport(string PanelId, long Messages, int Insights, long FilesRemoved)
{
    /// <summary>When the panel went to the trash (restorable until retention erases it); null when it was erased at once.</summary>
    public DateTimeOffset? TrashedAt { get; init; }
}
