namespace ChatDb.Storage.Export;

/// <summary>
/// Export of one user, session or panel from a running silo, in the records <c>chatdb export</c> writes and
/// <c>chatdb import</c> reads (docs/OPERATIONS.md §2), as of one point in time. Registered by a storage that can
/// take such a snapshot (the flatfile provider); the REST route and the export grain reach it through this contract.
/// </summary>
public interface ILiveExport
{
    /// <summary>
    /// Writes the export of <paramref name="scope"/> into <paramref name="output"/>: JSON Lines, or with
    /// <paramref name="asJsonArray"/> the same records as one JSON array. A scope without data is a
    /// <see cref="NotFoundError"/>, raised before any byte is written. Returns how many records were written.
    /// </summary>
    Task<long> ExportAsync(ExportScope scope, bool asJsonArray, Stream output, CancellationToken cancellationToken = default);
}
