namespace ChatDb.Storage.Flatfile.Documents;

/// <summary>The points of the atomic-write protocol, in order; the test hook runs after each.</summary>
internal enum AtomicWriteStep
{
    /// <summary>All bytes written to the temp file (not yet flushed).</summary>
    TempWritten,

    /// <summary>The temp file flushed (fsynced in <c>Durability.Fsync</c> mode) and closed.</summary>
    TempFlushed,

    /// <summary>The temp file renamed over the target.</summary>
    Renamed,

    /// <summary>The directory fsynced (in <c>Durability.Fsync</c> mode): the write is complete.</summary>
    DirectorySynced,
}
