namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>A document that cannot be read within the limits; its message becomes the document's failure reason.</summary>
internal sealed class ExtractionFailed(string reason, Exception? inner = null) : Exception(reason, inner);
