using System.Numerics.Tensors;

namespace ChatDb.Grains.Search;

/// <summary>
/// Message vectors of one embedder with their (session, seq) keys, stored contiguously (row i at
/// <c>[i·d, (i+1)·d)</c>). Each vector is L2-normalised and kept twice: in half precision (what is
/// persisted; exact scores come from it) and quantised to int8 with a per-row scale (what a search
/// scans). A search scans the int8 rows, keeps the best <see cref="CandidateCount"/> candidates and
/// rescores them exactly, so results are the exact cosine top-k unless more than that many vectors
/// sit within quantisation error (about 0.01) of the k-th score. Not thread-safe.
/// </summary>
public sealed partial class VectorIndex
{
    private readonly Dictionary<string, int> _sessionOrdinals = new(StringComparer.Ordinal);
    private readonly List<string?> _sessionIds = [];
    private readonly List<long> _highWaterMarks = [];
    private Half[] _vectors;
    private sbyte[] _quantized;
    private float[] _scales;
    private int[] _rowSessions;
    private long[] _rowSeqs;

    public VectorIndex(EmbedderIdentity embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfLessThan(embedder.Dimensions, 1);
        Embedder = embedder;
        _vectors = new Half[16 * embedder.Dimensions];
        _quantized = new sbyte[16 * embedder.Dimensions];
        _scales = new float[16];
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
            row[i] = (Half)(norm > 0 ? vector[i] / norm : 0f);
        }

        Quantize(Count);
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
                _quantized.AsSpan(read * Dimensions, Dimensions).CopyTo(_quantized.AsSpan(write * Dimensions, Dimensions));
                _scales[write] = _scales[read];
                _rowSessions[write] = _rowSessions[read];
                _rowSeqs[write] = _rowSeqs[read];
            }

            write++;
        }

        Count = write;
        return true;
    }

    public void Clear()
    {
        _sessionOrdinals.Clear();
        _sessionIds.Clear();
        _highWaterMarks.Clear();
        Count = 0;
    }

    /// <summary>The session id and sequence number of a row.</summary>
    public (string SessionId, long Seq) KeyOf(int row) => (_sessionIds[_rowSessions[row]]!, _rowSeqs[row]);

    /// <summary>A row's stored vector (normalised, half-precision values widened to float).</summary>
    public float[] VectorOf(int row)
    {
        var vector = new float[Dimensions];
        TensorPrimitives.ConvertToSingle(_vectors.AsSpan(row * Dimensions, Dimensions), vector);
        return vector;
    }

    /// <summary>How many int8-scan candidates are rescored exactly for a top-<paramref name="k"/> search.</summary>
    public static int CandidateCount(int k) => Math.Max(8 * k, 100);

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
        var scaled = new short[Dimensions];
        QuantizeQuery(unit, scaled);
        var candidates = new TopKCollector(Math.Min(Count, CandidateCount(k)), CompareKeys);
        var quantized = _quantized;
        var dimensions = Dimensions;
        for (var row = 0; row < Count; row++)
        {
            if (accept is null || accept(row))
            {
                candidates.Collect(row, Int8Dot.Compute(quantized.AsSpan(row * dimensions, dimensions), scaled) * _scales[row]);
            }
        }

        var best = new TopKCollector(k, CompareKeys);
        var widened = new float[dimensions];
        foreach (var (row, _) in candidates.Drain())
        {
            TensorPrimitives.ConvertToSingle(_vectors.AsSpan(row * dimensions, dimensions), widened);
            best.Collect(row, TensorPrimitives.Dot(unit, widened));
        }

        return [.. best.Drain().Select(x => (x.Document, (float)x.Score))];
    }

    /// <summary>Row i's int8 copy: values · 127 / max|value|, with the inverse kept as the row's scale.</summary>
    private void Quantize(int row)
    {
        var source = _vectors.AsSpan(row * Dimensions, Dimensions);
        var target = _quantized.AsSpan(row * Dimensions, Dimensions);
        var max = 0f;
        foreach (var value in source)
        {
            max = Math.Max(max, Math.Abs((float)value));
        }

        var factor = max > 0 ? 127f / max : 0f;
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (sbyte)Math.Round((float)source[i] * factor);
        }

        _scales[row] = max > 0 ? max / 127f : 0f;
    }

    /// <summary>
    /// The query in 127 steps of its largest component, like the rows. Its scale is the same for
    /// every row, so it is left out of the approximate scores: it cannot change their order.
    /// </summary>
    private static void QuantizeQuery(ReadOnlySpan<float> unit, Span<short> scaled)
    {
        var max = Math.Abs(TensorPrimitives.MaxMagnitude(unit)); // the component of largest magnitude, possibly negative
        var factor = max > 0 ? 127f / max : 0f;
        for (var i = 0; i < unit.Length; i++)
        {
            scaled[i] = (short)Math.Round(unit[i] * factor);
        }
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
        Array.Resize(ref _quantized, capacity * Dimensions);
        Array.Resize(ref _scales, capacity);
        Array.Resize(ref _rowSessions, capacity);
        Array.Resize(ref _rowSeqs, capacity);
    }
}
