using ChatDb.Grains.Internal;

namespace ChatDb.Grains.Tests.Internal;

/// <summary>Generated message ids come from a buffer of random bytes; they must stay version 4 GUIDs, distinct, and of the reserved form.</summary>
public sealed class GeneratedIdTests
{
    [Fact]
    public void NewId_IsTheReservedForm_WithTheVersionAndVariantOfARandomGuid()
    {
        // More than one refill, so a buffer that is reused after it runs out is covered too.
        for (var i = 0; i < (RandomGuids.PerRefill * 2) + 3; i++)
        {
            var id = MessageRules.NewId();
            Assert.True(MessageRules.IsGeneratedId(id), $"'{id}' is not of the generated form");
            var guid = Guid.ParseExact(id[MessageRules.GeneratedIdPrefix.Length..], "N");
            Assert.Equal(4, guid.Version);
            Assert.Equal('4', id[MessageRules.GeneratedIdPrefix.Length + 12]);
            Assert.Contains(id[MessageRules.GeneratedIdPrefix.Length + 16], "89ab");
        }
    }

    [Fact]
    public void NewId_GivesDistinctIds_AcrossRefillsAndThreads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < RandomGuids.PerRefill * 3; i++)
            {
                ids.Add(MessageRules.NewId());
            }
        });

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void RandomGuids_SpreadOverEveryHexDigitOutsideTheFixedBits()
    {
        // Each random nibble position takes every value over a few thousand GUIDs (a stuck or zeroed buffer would not).
        var seen = new HashSet<char>[32];
        for (var p = 0; p < seen.Length; p++)
        {
            seen[p] = [];
        }

        for (var i = 0; i < 4000; i++)
        {
            var text = RandomGuids.Next().ToString("N");
            for (var p = 0; p < text.Length; p++)
            {
                seen[p].Add(text[p]);
            }
        }

        for (var p = 0; p < seen.Length; p++)
        {
            var expected = p switch { 12 => 1, 16 => 4, _ => 16 };
            Assert.True(expected == seen[p].Count, $"hex digit {p} took {seen[p].Count} values, expected {expected}");
        }
    }
}
