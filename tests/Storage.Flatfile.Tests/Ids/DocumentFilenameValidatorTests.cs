using ChatDb.Storage.Ids;
using ChatDb.Storage.Options;

namespace ChatDb.Storage.Flatfile.Tests.Ids;

public sealed class DocumentFilenameValidatorTests
{
    private static readonly IReadOnlyList<string> Allowed = ChatLimitsOptions.DefaultAllowedDocumentExtensions;

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("notes.md")]
    [InlineData("Scan_01.JPG")]
    [InlineData("data-2025.csv")]
    public void Validate_NameWithOneAllowedExtension_ReturnsIt(string filename)
    {
        Assert.Equal(filename, DocumentFilenameValidator.Validate(filename, Allowed, ["metadata.json"]));
    }

    [Theory]
    [InlineData("report", IdRule.DocumentExtension)]
    [InlineData("virus.exe", IdRule.DocumentExtension)]
    [InlineData("invoice.exe.pdf", IdRule.DocumentExtension)]
    [InlineData("a.tar.gz", IdRule.DocumentExtension)]
    [InlineData("report.pdf.tmp", IdRule.DocumentExtension)]
    [InlineData("metadata.json", IdRule.ReservedFileName)]
    [InlineData("METADATA.JSON", IdRule.ReservedFileName)]
    [InlineData(".pdf", IdRule.LeadingDot)]
    [InlineData("nul.pdf", IdRule.ReservedDeviceName)]
    [InlineData("../x.pdf", IdRule.InvalidCharacter)]
    [InlineData("r\u00E9sum\u00E9.pdf", IdRule.NonAscii)]
    public void Validate_BadFilename_ThrowsNamingTheRule(string filename, IdRule rule)
    {
        var error = Assert.Throws<ValidationError>(() => DocumentFilenameValidator.Validate(filename, Allowed, ["metadata.json"]));

        Assert.Equal(rule, DocumentFilenameValidator.FindViolation(filename, Allowed, ["metadata.json"]));
        Assert.Contains($"'{IdRules.Code(rule)}'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("document filename \"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileIds.Cases), MemberType = typeof(HostileIds))]
    public void Validate_HostileId_IsRejectedByTheSameRuleAsForIds(int index, string description)
    {
        var hostile = HostileIds.Corpus[index];

        Assert.Equal(hostile.Rule, DocumentFilenameValidator.FindViolation(hostile.Value, Allowed));
        Assert.NotEmpty(description);
    }

    [Fact]
    public void Validate_DisallowedExtension_ListsTheAllowedOnes()
    {
        var error = Assert.Throws<ValidationError>(() => DocumentFilenameValidator.Validate("x.exe", [".pdf", ".md"]));

        Assert.Contains(".pdf, .md", error.Message, StringComparison.Ordinal);
    }
}
