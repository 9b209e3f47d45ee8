namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>What an export wrote.</summary>
/// <param name="Counts">Records per kind (file chunks count once per file).</param>
/// <param name="Records">All records, header and end line excluded.</param>
/// <param name="Bytes">Size of the export file.</param>
/// <param name="Warnings">Things skipped that are not data (a torn log tail), each naming its path.</param>
public sealed record ExportResult(IReadOnlyDictionary<string, long> Counts, long Records, long Bytes, IReadOnlyList<string> Warnings);
