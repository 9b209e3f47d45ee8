using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ChatDb.Search.Tests.Knowledge;

/// <summary>Tiny documents of every format, made in the test: a valid PDF written with PdfPig's builder, and broken ones.</summary>
internal static class KnowledgeFixtures
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A valid PDF with one page per text, in Helvetica.</summary>
    public static byte[] Pdf(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText(text, 12, new PdfPoint(50, 700), font);
        }

        return builder.Build();
    }

    /// <summary>A file that starts like a PDF and is nothing else: no objects, no cross-reference table, no trailer.</summary>
    public static byte[] MalformedPdf() => Utf8("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nstream\n\u0001\u0002 garbage\n%%EOF");

    public static byte[] NestedHtml(int depth) =>
        Utf8("<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "deep" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>");
}
