namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Where the whole lines of a log end, for copies of a log that is still being appended to.</summary>
internal static class LogLines
{
    /// <summary>
    /// Length of the first <paramref name="length"/> bytes up to and including their last newline: a line
    /// being appended right now (no newline yet) is not a record and is left out. Leaves the stream at 0.
    /// </summary>
    public static long CompleteLength(FileStream stream, long length)
    {
        Span<byte> block = stackalloc byte[4096];
        for (var end = length; end > 0;)
        {
            var size = (int)Math.Min(block.Length, end);
            stream.Position = end - size;
            stream.ReadExactly(block[..size]);
            var newline = block[..size].LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                stream.Position = 0;
                return end - size + newline + 1;
            }

            end -= size;
        }

        stream.Position = 0;
        return 0;
    }
}
