namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>The steps of <see cref="LogRewrite"/>, for tests that crash after each one.</summary>
internal enum LogRewriteStep
{
    /// <summary>The new log is complete in its temp file and flushed.</summary>
    TempWritten,

    /// <summary>The offset index of the old log is gone (it would point into the old bytes).</summary>
    IndexDropped,

    /// <summary>The temp file was renamed over the log.</summary>
    Renamed,

    /// <summary>The directory is synced: the new log is durable.</summary>
    DirectorySynced,

    /// <summary>Side files (kept-aside tails, a leftover archive) no longer hold the erased texts.</summary>
    SideFilesScrubbed,
}
