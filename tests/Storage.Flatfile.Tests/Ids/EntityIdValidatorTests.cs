using ChatDb.Storage.Ids;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Storage.Flatfile.Tests.Ids;

public sealed class EntityIdValidatorTests
{
    [Theory]
    [MemberData(nameof(HostileIds.Cases), MemberType = typeof(HostileIds))]
    public void Validate_HostileId_ThrowsValidationErrorNamingTheRule(int index, string description)
    {
        var hostile = HostileIds.Corpus[index];

        var error = Assert.Throws<ValidationError>(() => EntityIdValidator.Validate(hostile.Value, "user id"));

        Assert.Equal(hostile.Rule, EntityIdValidator.FindViolation(hostile.Value));
        Assert.Contains($"'{IdRules.Code(hostile.Rule)}'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("user id \"", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyIdsCoveringEveryIdRule()
    {
        Assert.True(HostileIds.Corpus.Count >= 30);
        var idRules = new[]
        {
            IdRule.Empty, IdRule.TooLong, IdRule.NonAscii, IdRule.InvalidCharacter, IdRule.DotSegment,
            IdRule.LeadingDot, IdRule.TrailingDot, IdRule.ReservedDeviceName,
        };
        Assert.All(idRules, rule => Assert.Contains(HostileIds.Corpus, id => id.Rule == rule));
    }

    [Fact]
    public void Validate_Null_IsRejectedAsEmpty()
    {
        var error = Assert.Throws<ValidationError>(() => EntityIdValidator.Validate(null, "persona id"));

        Assert.Contains("'not-empty'", error.Message, StringComparison.Ordinal);
        Assert.Contains("persona id (null)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("Alice_01")]
    [InlineData("user-42")]
    [InlineData("a.b.c")]
    [InlineData("x")]
    [InlineData("chat_session_20250102_030405_123456")]
    [InlineData("CONSOLE")]
    [InlineData("com10")]
    [InlineData("a..b")]
    public void Validate_OrdinaryId_ReturnsIt(string id)
    {
        Assert.Equal(id, EntityIdValidator.Validate(id, "user id"));
        Assert.Null(EntityIdValidator.FindViolation(id));
    }

    [Fact]
    public void Validate_IdOfExactlyMaxLength_IsAccepted()
    {
        var id = new string('z', EntityIdValidator.MaxLength);

        Assert.True(EntityIdValidator.IsValid(id));
    }

    [Fact]
    public void Validate_ControlCharacter_IsEscapedInTheMessage()
    {
        var error = Assert.Throws<ValidationError>(() => EntityIdValidator.Validate("bob\nERROR forged line", "user id"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("\"bob\\u000AERROR forged line\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+000A", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LookAlike_ShowsTheCodePoint()
    {
        var error = Assert.Throws<ValidationError>(() => EntityIdValidator.Validate("\u0430lice", "user id"));

        Assert.Contains("\"\\u0430lice\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ascii-only'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyString_IsEitherRejectedOrASinglePlainPathComponent()
    {
        var allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), (string id) =>
        {
            if (EntityIdValidator.IsValid(id))
            {
                return id.Length <= EntityIdValidator.MaxLength && id.All(allowed.Contains) &&
                       id[0] != '.' && id[^1] != '.' && Path.GetFileName(id) == id;
            }

            return Throws(() => EntityIdValidator.Validate(id, "user id"));
        }).QuickCheckThrowOnFailure();
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (ValidationError)
        {
            return true;
        }
    }
}
