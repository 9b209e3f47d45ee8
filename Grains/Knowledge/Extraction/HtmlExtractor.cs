using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>
/// HTML through AngleSharp's HTML5 parser: h1–h6 start sections, block elements (p, li, td, pre, div, ...) end a block,
/// script, style and the like are skipped. The tree is walked with an explicit stack (no recursion), and a document
/// nested deeper than <see cref="KnowledgeOptions.MaxHtmlDepth"/> is failed.
/// </summary>
internal static class HtmlExtractor
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
    };

    private static readonly HashSet<string> Headings = new(StringComparer.OrdinalIgnoreCase) { "h1", "h2", "h3", "h4", "h5", "h6" };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "td", "th", "tr", "table", "pre", "blockquote", "section", "article",
        "header", "footer", "main", "nav", "aside", "figure", "figcaption", "br", "hr", "form", "fieldset", "address", "caption",
    };

    public static List<TextBlock> Extract(byte[] content, int maxDepth, CancellationToken cancellationToken)
    {
        var text = PlainTextExtractor.Decode(content);
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(text);
        var blocks = new List<TextBlock>();
        var current = new StringBuilder();
        var stack = new Stack<(INode Node, int Depth, bool Exit)>();
        stack.Push((document.Body ?? (INode)document.DocumentElement, 0, false));
        var steps = 0;
        while (stack.Count > 0)
        {
            if ((++steps & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (node, depth, exit) = stack.Pop();
            if (node is IElement element)
            {
                var name = element.LocalName;
                if (exit)
                {
                    if (Headings.Contains(name) || BlockElements.Contains(name))
                    {
                        Flush(blocks, current, Headings.Contains(name));
                    }

                    continue;
                }

                if (Skipped.Contains(name))
                {
                    continue;
                }

                if (depth > maxDepth)
                {
                    throw new ExtractionFailed($"the HTML is nested deeper than {maxDepth} elements (Knowledge:MaxHtmlDepth).");
                }

                if (Headings.Contains(name) || BlockElements.Contains(name))
                {
                    Flush(blocks, current, isHeading: false);
                }

                stack.Push((node, depth, true));
                PushChildren(stack, node, depth + 1);
            }
            else if (node is IText textNode)
            {
                PlainTextExtractor.AppendCollapsed(current, textNode.Data);
            }
            else if (!exit && node.NodeType == NodeType.Document)
            {
                PushChildren(stack, node, depth + 1);
            }
        }

        Flush(blocks, current, isHeading: false);
        return blocks;
    }

    private static void PushChildren(Stack<(INode, int, bool)> stack, INode node, int depth)
    {
        var children = node.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            stack.Push((children[i], depth, false));
        }
    }

    private static void Flush(List<TextBlock> blocks, StringBuilder current, bool isHeading)
    {
        var text = current.ToString().Trim();
        current.Clear();
        if (text.Length > 0)
        {
            blocks.Add(new TextBlock(text, isHeading));
        }
    }
}
