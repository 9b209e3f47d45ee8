using System.Runtime.CompilerServices;

// The log tests count and fail fsync calls through the internal flusher seam.
[assembly: InternalsVisibleTo("ChatDb.Storage.Flatfile.Tests")]
