using System.Runtime.InteropServices;

namespace ChatDb.Grains.Search;

public sealed partial class VectorIndex
{
    internal void WriteBody(SegmentWriter writer)
    {
        writer.WriteString(Embedder.Id);
        writer.WriteVarUInt((ulong)Dimensions);
        var sessionIndex = new int[_sessionIds.Count];
        var live = Enumerable.Range(0, _sessionIds.Count).Where(o => _sessionIds[o] is not null).ToList();
        writer.WriteVarUInt((ulong)live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            sessionIndex[live[i]] = i;
            writer.WriteString(_sessionIds[live[i]]!);
            writer.WriteVarUInt((ulong)_highWaterMarks[live[i]]);
        }

        for (var row = 0; row < Count; row++)
        {
            writer.WriteVarUInt((ulong)sessionIndex[_rowSessions[row]]);
            writer.WriteVarUInt((ulong)_rowSeqs[row]);
        }

        writer.WriteBytes(MemoryMarshal.AsBytes(_vectors.AsSpan(0, Count * Dimensions)));
    }

    internal static VectorIndex ReadBody(ref SegmentReader reader, int count, EmbedderIdentity expected)
    {
        var id = reader.ReadString();
        var dimensions = reader.ReadCount(1 << 20, "the dimension");
        if (id != expected.Id || dimensions != expected.Dimensions)
        {
            throw new EmbedderChangedException(
                $"the vectors were made by {id} ({dimensions} dimensions); the configured embedder is {expected}");
        }

        var index = new VectorIndex(expected);
        var sessions = reader.ReadCount(count, "the session count");
        for (var i = 0; i < sessions; i++)
        {
            var sessionId = reader.ReadString();
            if (sessionId.Length == 0 || index._sessionOrdinals.ContainsKey(sessionId))
            {
                throw new CorruptSegmentException($"vector session {i} has an empty or repeated id '{sessionId}'");
            }

            index._highWaterMarks[index.SessionOrdinal(sessionId)] = (long)reader.ReadVarUInt();
        }

        index.EnsureCapacity(count);
        for (var row = 0; row < count; row++)
        {
            var session = reader.ReadCount(sessions - 1, "a row's session");
            var seq = (long)reader.ReadVarUInt();
            if (seq == 0 || seq > index._highWaterMarks[session])
            {
                throw new CorruptSegmentException($"row {row} has seq {seq}, outside 1..{index._highWaterMarks[session]}");
            }

            index._rowSessions[row] = session;
            index._rowSeqs[row] = seq;
        }

        var halves = MemoryMarshal.Cast<byte, Half>(reader.Take(count * dimensions * 2));
        for (var i = 0; i < halves.Length; i++)
        {
            index._vectors[i] = Half.IsFinite(halves[i]) && Math.Abs((float)halves[i]) <= 1.001f
                ? halves[i]
                : throw new CorruptSegmentException($"vector value {i} is {halves[i]}, not a component of a unit vector");
        }

        for (var row = 0; row < count; row++)
        {
            index.Quantize(row);
        }

        index.Count = count;
        return reader.AtEnd ? index : throw new CorruptSegmentException("bytes follow the last vector");
    }
}

/// <summary>The vectors on disk come from another embedder (or dimension).</summary>
internal sealed class EmbedderChangedException(string message) : Exception(message);
