namespace ChatDb.Storage.Flatfile.Logs;

// Copying a log's first records into another log: the stored lines are taken as bytes, the "seq" prefix
// cut off (the target numbers them again, from the same 1), and only the records the caller replaces are
// serialised anew. Nothing is parsed beyond each line's sequence number.
public sealed partial class AppendLog
{
    private const int CopyReadBufferLimit = 16 * 1024 * 1024;

    /// <summary>
    /// Records 1..<paramref name="last"/> as the objects an append takes (<c>{...}</c> without <c>"seq"</c>),
    /// side by side in <c>Data</c>, record <c>i</c> ending at <c>Ends[i]</c>; record <c>seq</c> is
    /// <c>replacements[seq]</c> where given. Reads acknowledged records only.
    /// </summary>
    public (byte[] Data, int[] Ends) CopyRecords(long last, IReadOnlyDictionary<long, ReadOnlyMemory<byte>> replacements)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        ArgumentNullException.ThrowIfNull(replacements);
        ThrowIfDisposed();
        var state = _state;
        if (last > state.Count)
        {
            throw new NotFoundError($"Log '{Path}' holds {state.Count} records, not the {last} to copy.");
        }

        var following = last == 0 ? 0 : LogSparseIndex.EntryOf(last, state.Spacing) + 1;
        var end = last == 0 ? 0 : following < state.IndexCount ? state.IndexOffsets[following] : state.EndOffset;
        var extra = 0L;
        foreach (var replacement in replacements.Values)
        {
            extra += replacement.Length;
        }

        var data = new byte[checked((int)(end + extra))];
        var ends = new int[last];
        var written = 0;
        // One read of the whole range (up to a bound) on a pooled buffer, instead of 64 KB at a time.
        using var scanner = new LogLineScanner(_fileSystem, _handle, 0, end, (int)Math.Min(end, CopyReadBufferLimit));
        for (var sequence = 1L; sequence <= last; sequence++)
        {
            if (!scanner.TryReadLine(out var line, out var offset, out var terminated) || !terminated)
            {
                throw new IntegrityError($"Log '{Path}' line {sequence}: the file ends or the line is unterminated at byte {scanner.Position}, before the acknowledged end of the log at byte {state.EndOffset}.");
            }

            if (!LogLineFormat.TryReadSequence(line, out var found) || found != sequence)
            {
                throw new IntegrityError($"Log '{Path}' line {sequence} (byte offset {offset}) is corrupt: {(found == 0 ? "no \"seq\" as its first property" : $"sequence {found} where {sequence} was expected")}.");
            }

            if (replacements.TryGetValue(sequence, out var replacement))
            {
                replacement.Span.CopyTo(data.AsSpan(written));
                written += replacement.Length;
            }
            else
            {
                written += LogLineFormat.WriteObject(data.AsSpan(written), line);
            }

            ends[sequence - 1] = written;
        }

        return (data, ends);
    }
}
