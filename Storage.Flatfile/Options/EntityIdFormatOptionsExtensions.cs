using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Options;

/// <summary>
/// The generated-id form the options configure, so call sites need not spell out the six settings
/// <see cref="EntityIdFormat"/> takes.
/// </summary>
public static class EntityIdFormatOptionsExtensions
{
    /// <summary>The <see cref="EntityIdFormat"/> of the id prefixes and timestamp formats in <paramref name="options"/>.</summary>
    public static EntityIdFormat IdFormat(this FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EntityIdFormat(
            sessionIdPrefix: options.SessionIdPrefix,
            panelIdPrefix: options.PanelIdPrefix,
            contextIdPrefix: options.ContextIdPrefix,
            insightIdPrefix: options.InsightIdPrefix,
            sessionTimestampFormat: options.SessionTimestampFormat,
            contextSnapshotTimestampFormat: options.ContextSnapshotTimestampFormat);
    }
}
