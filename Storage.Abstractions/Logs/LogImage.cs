using Orleans;

namespace ChatDb.Storage.Logs;

/// <summary>
/// Entries 1..<see cref="Count"/> of a log in its storage's own stored form, made by
/// <see cref="IGrainLogCopier.ExportAsync{T}"/> to fill another, empty log of the same storage
/// (<see cref="IGrainLogCopier.AppendImageAsync"/>) without parsing and serialising every entry again.
/// Entry <c>i</c> is <c>Data[Ends[i-1]..Ends[i]]</c> (from 0 for the first). Nobody changes the arrays once
/// the image is made, so it is passed by reference within a silo.
/// </summary>
[Immutable]
public sealed record LogImage(long Count, byte[] Data, int[] Ends)
{
    /// <summary>The stored bytes of entry <paramref name="index"/> (0-based).</summary>
    public ReadOnlyMemory<byte> Entry(int index) =>
        Data.AsMemory(index == 0 ? 0 : Ends[index - 1], Ends[index] - (index == 0 ? 0 : Ends[index - 1]));

    /// <summary>Checks that the image's parts agree; a <see cref="ValidationError"/> names what does not.</summary>
    public void Validate(string subject)
    {
        if (Data is null || Ends is null || Count != Ends.Length)
        {
            throw new ValidationError($"{subject}: a log image of {Count} entries must come with one end offset per entry (got {Ends?.Length ?? 0}).");
        }

        var previous = 0;
        foreach (var end in Ends)
        {
            if (end < previous || end > Data.Length)
            {
                throw new ValidationError($"{subject}: a log image's end offsets must grow and stay within its {Data.Length} bytes (got {end} after {previous}).");
            }

            previous = end;
        }
    }
}
