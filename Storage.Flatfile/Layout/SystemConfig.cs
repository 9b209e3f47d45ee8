namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// <c>system/config.json</c>: the data directory's record of itself. Today it holds the on-disk format
/// (<see cref="DataFormat"/>); fields it does not name are skipped on read, and kept when an upgrade records a
/// new format, so an operator's notes in it stay.
/// </summary>
/// <param name="FormatVersion">The on-disk format; null in a file that names none.</param>
public sealed record SystemConfig(int? FormatVersion = null);
