using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Runtime.Tests;

public sealed class GrainKeyTests
{
    [Fact]
    public void GuidAndIntegerKeys_UseTheDocumentedEncoding()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        Assert.Equal("0f8fad5bd9cb469fa16570867728950e", GrainKeys.Encode(guid));
        Assert.Equal("-42", GrainKeys.Encode(-42L));
        Assert.Equal("0f8fad5bd9cb469fa16570867728950e+room+1", GrainKeys.Encode(guid, "room+1"));
        Assert.Equal("7+", GrainKeys.Encode(7L, string.Empty));
    }

    [Fact]
    public void CompoundKeys_RoundTripForAnyExtension()
    {
        Prop.ForAll<Guid, long, string>((guid, number, extension) =>
        {
            extension ??= string.Empty;
            var guidId = GrainId.Create("t", GrainKeys.Encode(guid, extension));
            var longId = GrainId.Create("t", GrainKeys.Encode(number, extension));
            return GrainKeys.DecodeGuid(guidId, out var guidExtension) == guid && guidExtension == extension
                && GrainKeys.DecodeLong(longId, out var longExtension) == number && longExtension == extension;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DecodingAStringKeyAsGuid_NamesTheGrain()
    {
        var error = Assert.Throws<FormatException>(() => GrainKeys.DecodeGuid(GrainId.Create("user", "alice"), out _));

        Assert.Contains("user/alice", error.Message, StringComparison.Ordinal);
    }
}
