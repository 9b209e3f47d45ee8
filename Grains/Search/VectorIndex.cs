using System.Numerics.Tensors;

namespace ChatDb.Grains.Search;

/// <summary>
/// Message vectors of one embedder, stored contiguously (row i at <c>[i·d, (i+1)·d)</c> of one
/// array) with their (session, seq) keys. Vectors are L2-normalised and rounded to half precision
/// on insert — the precision they are persisted with — so cosine is a dot product and results are
/// identical before and after a reload. Not thread-safe, like <see cref="FullTextIndex"/>.
/// </summary>
public sealed partial class VectorIndex
{
    private readonly Dictionary<string, int> _sessionOrdinals = new(StringComparer.Ordinal);
    private readonly List<string?> _sessionIds = [];
    private readonly List<long> _highWaterMarks = [];
    private float[] _vectors;
    private int[] _rowSessions;
    private long[] _rowSeqs;

    public VectorIndex(EmbedderIdentity embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfLessThan(embedder.Dimensions, 1);
        Embedder = embedder;
        _vectors = new float[16 * embedder.Dimensions];
        _rowSessions = new int[16];
        _rowSeqs = new long[16];
    }

    public EmbedderIdentity Embedder { get; }

    public int Dimensions => Embedder.Dimensions;

    public int Count { get; private set; }

    public IEnumerable<string> Sessions => _sessionOrdinals.Keys;

    /// <summary>The highest sequence number with a vector in the session; 0 when none.</summary>
    public long HighWaterMark(string sessionId) =>
        _sessionOrdinals.TryGetValue(sessionId, out var ordinal) ? _highWaterMarks[ordinal] : 0;

    /// <summary>Adds a message's vector; false when <paramref name="seq"/> is not above the session's high-water mark.</summary>
    public bool Add(string sessionId, long seq, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException(
                $"Vector for session {sessionId} seq {seq} has {vector.Length} dimensions; the index of {Embedder} expects {Dimensions}.",
                nameof(vector));
        }

        var ordinal = SessionOrdinal(sessionId);
        if (seq <= _highWaterMarks[ordinal])
        {
            return false;
        }

        EnsureCapacity(Count + 1);
        var row = _vectors.AsSpan(Count * Dimensions, Dimensions);
        var norm = TensorPrimitives.Norm(vector);
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = (float)(Half)(norm > 0 ? vector[i] / norm : 0f);
        }

        _rowSessions[Count] = ordinal;
        _rowSeqs[Count] = seq;
        _highWaterMarks[ordinal] = seq;
        Count++;
        return true;
    }

    /// <summary>Removes a session's vectors; the remaining rows keep their order.</summary>
    public bool RemoveSession(string sessionId)
    {
        if (!_sessionOrdinals.Remove(sessionId, out var ordinal))
        {
            return false;
        }

        _sessionIds[ordinal] = null;
        var write = 0;
        for (var read = 0; read < Count; read++)
        {
            if (_rowSessions[read] == ordinal)
            {
                continue;
            }

            if (write != read)
            {
                _vectors.AsSpan(read * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(write * Dimensions, Dimensions));
                _rowSessions[write] = _rowSessions[read];
                _rowSeqs[write] = _rowSeqs[read];
            }

            write++;
        }

        Array.Clear(_vectors, write * Dimensions, (Count - write) * Dimensions);
        Count = write;
        return true;
    }

    public void Clear()
    {
        _sessionOrdinals.Clear();
        _sessionIds.Clear();
        _highWaterMarks.Clear();
        Array.Clear(_vectors);
        Count = 0;
    }

    /// <summary>The session id and sequence number of a row.</summary>
    public (string SessionId, long Seq) KeyOf(int row) => (_sessionIds[_rowSessions[row]]!, _rowSeqs[row]);

    /// <summary>A row's stored vector (normalised, half-precision values).</summary>
    public ReadOnlySpan<float> VectorOf(int row) => _vectors.AsSpan(row * Dimensions, Dimensions);

    /// <summary>
    /// The <paramref name="k"/> rows most similar to <paramref name="query"/> by cosine, best first,
    /// among rows <paramref name="accept"/> allows (all when null). Equal scores: by session id, then seq.
    /// </summary>
    public IReadOnlyList<(int Row, float Score)> Search(ReadOnlySpan<float> query, int k, Func<int, bool>? accept = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Query vector has {query.Length} dimensions; the index of {Embedder} expects {Dimensions}.", nameof(query));
        }

        var norm = TensorPrimitives.Norm(query);
        if (norm == 0 || Count == 0 || k < 1)
        {
            return [];
        }

        var unit = new float[Dimensions];
        TensorPrimitives.Divide(query, norm, unit);
        var collector = new TopKCollector(k, CompareKeys);
        var vectors = _vectors;
        var dimensions = Dimensions;
        for (var row = 0; row < Count; row++)
        {
            if (accept is null || accept(row))
            {
                collector.Collect(row, TensorPrimitives.Dot(unit, vectors.AsSpan(row * dimensions, dimensions)));
            }
        }

        return [.. collector.Drain().Select(x => (x.Document, (float)x.Score))];
    }

    private int CompareKeys(int a, int b)
    {
        var bySession = string.CompareOrdinal(_sessionIds[_rowSessions[a]], _sessionIds[_rowSessions[b]]);
        return bySession != 0 ? bySession : _rowSeqs[a].CompareTo(_rowSeqs[b]);
    }

    private int SessionOrdinal(string sessionId)
    {
        if (!_sessionOrdinals.TryGetValue(sessionId, out var ordinal))
        {
            ordinal = _sessionIds.Count;
            _sessionOrdinals.Add(sessionId, ordinal);
            _sessionIds.Add(sessionId);
            _highWaterMarks.Add(0);
        }

        return ordinal;
    }

    private void EnsureCapacity(int rows)
    {
        if (rows * Dimensions <= _vectors.Length)
        {
            return;
        }

        var capacity = Math.Max(rows, _rowSeqs.Length * 2);
        Array.Resize(ref _vectors, capacity * Dimensions);
        Array.Resize(ref _rowSessions, capacity);
        Array.Resize(ref _rowSeqs, capacity);
    }
}
