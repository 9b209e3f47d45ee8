namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>
/// A piece of a document's text as extraction finds it: a heading (starts a section) or a paragraph-like block.
/// The chunker keeps sections apart and cuts between blocks where it can.
/// </summary>
/// <param name="Text">The block's text, whitespace-collapsed within lines.</param>
/// <param name="IsHeading">A heading: a new section starts here and its text heads the section's chunks.</param>
/// <param name="Page">The PDF page it is on, from 1; null for other formats.</param>
internal sealed record TextBlock(string Text, bool IsHeading = false, int? Page = null);
