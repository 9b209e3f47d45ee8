using ChatDb.Grains.Knowledge;
using ChatDb.Grains.Knowledge.Extraction;
using static ChatDb.Search.Tests.Knowledge.KnowledgeFixtures;

namespace ChatDb.Search.Tests.Knowledge;

/// <summary>Each format to text blocks, and every hostile or broken input failing that document with a reason, never more.</summary>
public sealed class KnowledgeExtractionTests
{
    private static readonly KnowledgeOptions Options = new();

    private static List<TextBlock> Extract(string format, byte[] content, KnowledgeOptions? options = null) =>
        DocumentExtractor.Extract(format, content, options ?? Options, CancellationToken.None);

    private static async Task<string> FailureOfAsync(string format, byte[] content, KnowledgeOptions? options = null) =>
        (await Assert.ThrowsAsync<ExtractionFailed>(() => DocumentExtractor.ExtractAsync(format, content, options ?? Options))).Message;

    [Fact]
    public void PlainText_SplitsParagraphsAtBlankLines_AndCollapsesWhitespace()
    {
        var blocks = Extract(KnowledgeFormat.Text, Utf8("\uFEFFFirst  line\nstill first\n\n\n\tSecond\r\n"));

        Assert.Equal(["First line still first", "Second"], blocks.Select(b => b.Text));
        Assert.DoesNotContain(blocks, b => b.IsHeading);
    }

    [Fact]
    public void Markdown_MarksHeadings_AndKeepsTheTextOfInlinesListsAndCode()
    {
        var blocks = Extract(KnowledgeFormat.Markdown, Utf8("# Travel policy\n\nBook **hotels** via the `desk`.\n\n- one item\n- two [link](http://x)\n\n## Meals\n\n    code line\n"));

        Assert.Equal(
            [("Travel policy", true), ("Book hotels via the desk.", false), ("one item", false), ("two link", false), ("Meals", true), ("code line", false)],
            blocks.Select(b => (b.Text, b.IsHeading)));
    }

    [Fact]
    public void Html_MarksHeadings_EndsBlocksAtBlockElements_AndSkipsScriptsAndStyles()
    {
        var html = "<html><head><title>t</title><style>p{}</style></head><body><h2>Expenses</h2><p>Keep <b>receipts</b>.</p>"
            + "<script>alert('x')</script><ul><li>taxi</li><li>train</li></ul></body></html>";

        var blocks = Extract(KnowledgeFormat.Html, Utf8(html));

        Assert.Equal([("Expenses", true), ("Keep receipts.", false), ("taxi", false), ("train", false)], blocks.Select(b => (b.Text, b.IsHeading)));
    }

    [Fact]
    public void Pdf_ReadsEveryPage_WithItsPageNumber()
    {
        var blocks = Extract(KnowledgeFormat.Pdf, Pdf("Hotels need approval", "Trains are preferred"));

        Assert.Equal([("Hotels need approval", 1), ("Trains are preferred", 2)], blocks.Select(b => (b.Text, b.Page ?? 0)));
    }

    [Fact]
    public async Task MalformedPdf_FailsWithTheReason()
    {
        var reason = await FailureOfAsync(KnowledgeFormat.Pdf, MalformedPdf());

        Assert.StartsWith("the PDF cannot be read", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdfWithMorePagesThanTheLimit_FailsNamingTheSetting()
    {
        var reason = await FailureOfAsync(KnowledgeFormat.Pdf, Pdf("a", "b", "c"), new KnowledgeOptions { MaxPdfPages = 2 });

        Assert.Equal("the PDF has 3 pages, more than 2 (Knowledge:MaxPdfPages).", reason);
    }

    [Fact]
    public async Task DeeplyNestedHtml_FailsNamingTheDepthLimit()
    {
        var reason = await FailureOfAsync(KnowledgeFormat.Html, NestedHtml(1_000));

        Assert.Contains("Knowledge:MaxHtmlDepth", reason, StringComparison.Ordinal);
        Assert.Equal(["deep"], Extract(KnowledgeFormat.Html, NestedHtml(100)).Select(b => b.Text));
    }

    [Fact]
    public async Task DeeplyNestedMarkdown_IsReadOrFailed_NeverMore()
    {
        var quotes = Utf8(new string('>', 2_000) + " deep");
        var lists = Utf8(string.Concat(Enumerable.Range(0, 400).Select(i => new string(' ', i * 2) + "- item\n")));

        foreach (var content in new[] { quotes, lists })
        {
            var error = await Record.ExceptionAsync(() => DocumentExtractor.ExtractAsync(KnowledgeFormat.Markdown, content, Options));
            Assert.True(error is null or ExtractionFailed, $"unexpected {error?.GetType().Name}: {error?.Message}");
        }
    }

    [Fact]
    public async Task BinaryBytes_AsText_FailAsNotUtf8()
    {
        var reason = await FailureOfAsync(KnowledgeFormat.Text, [0xFF, 0xFE, 0xFD, 0x00, 0xC3]);

        Assert.Equal("the document is not valid UTF-8 text.", reason);
    }

    [Fact]
    public async Task TextOverTheCharacterLimit_AndEmptyDocuments_Fail()
    {
        var over = await FailureOfAsync(KnowledgeFormat.Text, Utf8(new string('a', 101)), new KnowledgeOptions { MaxTextChars = 100 });
        var empty = await FailureOfAsync(KnowledgeFormat.Html, Utf8("<html><body><script>x</script></body></html>"));

        Assert.Equal("the document yields 101 characters of text, more than 100 (Knowledge:MaxTextChars).", over);
        Assert.Equal("the html document holds no text.", empty);
    }

    [Fact]
    public async Task ExtractionPastTheTimeLimit_FailsNamingTheSetting()
    {
        var huge = Utf8(string.Concat(Enumerable.Repeat("word\n\n", 400_000)));

        var reason = await FailureOfAsync(KnowledgeFormat.Text, huge, new KnowledgeOptions { ExtractionTimeout = TimeSpan.FromTicks(1) });

        Assert.Contains("(Knowledge:ExtractionTimeout)", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.pdf", "text/plain; charset=utf-8", KnowledgeFormat.Text)]
    [InlineData("notes.txt", "application/octet-stream", KnowledgeFormat.Text)]
    [InlineData("notes.md", null, KnowledgeFormat.Markdown)]
    [InlineData("page.HTM", null, KnowledgeFormat.Html)]
    [InlineData("paper.bin.txt", "application/pdf", KnowledgeFormat.Pdf)]
    public void Format_ComesFromAKnownContentType_ElseFromTheExtension(string filename, string? contentType, string expected) =>
        Assert.Equal(expected, KnowledgeFormat.Of(filename, contentType));
}
