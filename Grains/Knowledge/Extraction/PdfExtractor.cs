using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>
/// PDF through PdfPig: the page count is checked against <see cref="KnowledgeOptions.MaxPdfPages"/> before any page is
/// read, then each page's text in content order, its lines' paragraphs as blocks. A file PdfPig cannot parse is failed
/// with PdfPig's reason. A PDF has no reliable headings, so it is one section.
/// </summary>
internal static class PdfExtractor
{
    public static List<TextBlock> Extract(byte[] content, int maxPages, CancellationToken cancellationToken)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new ExtractionFailed($"the PDF cannot be read: {error.Message}", error);
        }

        using (document)
        {
            if (document.NumberOfPages > maxPages)
            {
                throw new ExtractionFailed($"the PDF has {document.NumberOfPages} pages, more than {maxPages} (Knowledge:MaxPdfPages).");
            }

            var blocks = new List<TextBlock>();
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string text;
                try
                {
                    text = ContentOrderTextExtractor.GetText(document.GetPage(number));
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    throw new ExtractionFailed($"page {number} of the PDF cannot be read: {error.Message}", error);
                }

                foreach (var paragraph in PlainTextExtractor.Paragraphs(text))
                {
                    blocks.Add(new TextBlock(paragraph, Page: number));
                }
            }

            return blocks;
        }
    }
}
