namespace ChatDb.Grains.Media;

/// <summary>Where a document's thumbnail is kept: the session's files collection <see cref="Collection"/>, one PNG per document.</summary>
public static class MediaThumbnails
{
    /// <summary>
    /// The files collection of a session that holds thumbnails; the flatfile layout maps it to
    /// <c>documents/analysis/thumbnails/</c> (docs/STORAGE.md §1), inside the analysis directory that export, backup and
    /// verify already carry as it is.
    /// </summary>
    public const string Collection = "document_thumbnails";

    /// <summary>Media type of every thumbnail.</summary>
    public const string MediaType = "image/png";

    /// <summary>The thumbnail's file name: the document's filename with <c>.png</c> added.</summary>
    public static string FileName(string documentFilename) => documentFilename + ".png";
}
