namespace ChatDb.Storage.Flatfile.Options;

/// <summary>When a write counts as done.</summary>
public enum Durability
{
    /// <summary>
    /// Acknowledge only after the data is on stable storage: file contents flushed with fsync, and the
    /// directory fsynced after a rename or a create. The default.
    /// </summary>
    Fsync,

    /// <summary>
    /// Acknowledge once the operating system has the data. Faster, but a power loss or kernel crash can
    /// lose the writes of the last few seconds. A process crash loses nothing.
    /// </summary>
    OsBuffered,
}
