namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>
/// Reads a document to text blocks within the limits of <see cref="KnowledgeOptions"/>: off the caller's thread, stopped
/// (cooperatively) at the time limit and abandoned if a parser does not stop, the total text capped. Every failure is
/// an <see cref="ExtractionFailed"/> with the reason; nothing a document holds escapes as another exception.
/// </summary>
internal static class DocumentExtractor
{
    public static async Task<List<TextBlock>> ExtractAsync(string format, byte[] content, KnowledgeOptions options)
    {
        using var timeout = new CancellationTokenSource(options.ExtractionTimeout);
        var work = Task.Run(() => Extract(format, content, options, timeout.Token), timeout.Token);
        try
        {
            return await work.WaitAsync(options.ExtractionTimeout + TimeSpan.FromSeconds(1));
        }
        catch (Exception error) when (error is OperationCanceledException or TimeoutException)
        {
            throw new ExtractionFailed($"reading the {format} document took longer than {options.ExtractionTimeout.TotalSeconds:0.#} s (Knowledge:ExtractionTimeout).");
        }
        catch (Exception error) when (error is not ExtractionFailed)
        {
            throw new ExtractionFailed($"the {format} document cannot be read: {error.Message}", error);
        }
    }

    /// <summary>The synchronous extraction (for tests and the thread pool): blocks of the format's reader, the text cap checked.</summary>
    public static List<TextBlock> Extract(string format, byte[] content, KnowledgeOptions options, CancellationToken cancellationToken)
    {
        var blocks = format switch
        {
            KnowledgeFormat.Markdown => MarkdownExtractor.Extract(content, cancellationToken),
            KnowledgeFormat.Html => HtmlExtractor.Extract(content, options.MaxHtmlDepth, cancellationToken),
            KnowledgeFormat.Pdf => PdfExtractor.Extract(content, options.MaxPdfPages, cancellationToken),
            _ => PlainTextExtractor.Extract(content, cancellationToken),
        };
        long total = 0;
        foreach (var block in blocks)
        {
            total += block.Text.Length;
        }

        if (total > options.MaxTextChars)
        {
            throw new ExtractionFailed($"the document yields {total} characters of text, more than {options.MaxTextChars} (Knowledge:MaxTextChars).");
        }

        if (total == 0)
        {
            throw new ExtractionFailed($"the {format} document holds no text.");
        }

        return blocks;
    }
}
