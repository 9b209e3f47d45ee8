using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>
/// Markdown through Markdig's CommonMark parser: headings start sections, every other leaf block (paragraph, list item,
/// code block, table row) is a block of its own. Markdig refuses input nested beyond its depth limit with an exception,
/// which fails the document instead of exhausting the stack.
/// </summary>
internal static class MarkdownExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static List<TextBlock> Extract(byte[] content, CancellationToken cancellationToken)
    {
        var text = PlainTextExtractor.Decode(content);
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException error)
        {
            throw new ExtractionFailed($"the Markdown cannot be parsed: {error.Message}", error);
        }

        var blocks = new List<TextBlock>();
        var line = new StringBuilder();
        foreach (var leaf in document.Descendants<LeafBlock>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.Clear();
            if (leaf.Inline is { } inline)
            {
                AppendInlines(line, inline);
            }
            else
            {
                PlainTextExtractor.AppendCollapsed(line, leaf.Lines.ToString());
            }

            var blockText = line.ToString().Trim();
            if (blockText.Length > 0)
            {
                blocks.Add(new TextBlock(blockText, IsHeading: leaf is HeadingBlock));
            }
        }

        return blocks;
    }

    private static void AppendInlines(StringBuilder target, ContainerInline root)
    {
        foreach (var inline in root.Descendants<Inline>())
        {
            switch (inline)
            {
                case LiteralInline literal:
                    PlainTextExtractor.AppendCollapsed(target, literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    PlainTextExtractor.AppendCollapsed(target, code.Content);
                    break;
                case LineBreakInline:
                    PlainTextExtractor.AppendCollapsed(target, " ");
                    break;
                case HtmlEntityInline entity:
                    PlainTextExtractor.AppendCollapsed(target, entity.Transcoded.AsSpan());
                    break;
                case AutolinkInline link:
                    PlainTextExtractor.AppendCollapsed(target, link.Url);
                    break;
            }
        }
    }
}
