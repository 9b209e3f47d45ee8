using System.Numerics.Tensors;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;

namespace ChatDb.Grains.Memories;

/// <summary>
/// The memories of one user in the grain's memory: each with its terms (for BM25) and its unit-length embedding, kept in
/// the order they were added. Recall scans them all: a user's memories are thousands, not millions, and a scan of
/// 10,000 stays within a few milliseconds (docs/BENCHMARKS.md, <c>memory_recall_10k</c>).
/// </summary>
internal sealed class MemoryIndex(Tokenizer tokenizer)
{
    /// <summary>How many candidates of each ranking (BM25, vectors) enter the fusion, at least.</summary>
    public const int MinCandidates = 50;

    /// <summary>A memory whose cosine to the query is below this is not a vector match (the hashing embedder's noise floor).</summary>
    public const float MinCosine = 0.2f;

    /// <summary>Days after which the recency weight of an untouched memory has halved its bonus.</summary>
    public const double RecencyHalfLifeDays = 30;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public int Count => _entries.Count;

    public IEnumerable<Memory> Memories => _order.Select(id => _entries[id].Memory);

    public Memory? Get(string id) => _entries.TryGetValue(id, out var entry) ? entry.Memory : null;

    /// <summary>Adds the memory, or replaces the one of its id (keeping its place); <paramref name="vector"/> null: embed later.</summary>
    public void Put(Memory memory, float[]? vector)
    {
        var (terms, length) = Terms(memory.Text);
        if (_entries.TryGetValue(memory.Id, out var existing))
        {
            var keepVector = vector ?? (existing.Memory.Text == memory.Text ? existing.Vector : null);
            _entries[memory.Id] = new Entry(memory, terms, length, keepVector);
            return;
        }

        _entries[memory.Id] = new Entry(memory, terms, length, vector);
        _order.Add(memory.Id);
    }

    public bool Remove(string id)
    {
        if (!_entries.Remove(id))
        {
            return false;
        }

        _order.Remove(id);
        return true;
    }

    public void Clear()
    {
        _entries.Clear();
        _order.Clear();
    }

    /// <summary>The memories that have no vector yet (replayed from the log, or whose embedding failed).</summary>
    public IReadOnlyList<Memory> WithoutVector() => [.. _order.Select(id => _entries[id]).Where(e => e.Vector is null).Select(e => e.Memory)];

    public void SetVector(string id, float[] vector)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            _entries[id] = entry with { Vector = vector };
        }
    }

    /// <summary>
    /// The <paramref name="k"/> memories that best answer the query, best first: BM25 over the terms and cosine over the
    /// vectors each rank the candidates, reciprocal rank fusion merges the two rankings, and the fused score is weighted by
    /// importance and recency (docs/MEMORY.md, "Recall"). Expired memories and other agents' memories are never candidates.
    /// </summary>
    public IReadOnlyList<MemoryHit> Recall(string query, float[]? queryVector, int k, string? agentId, DateTimeOffset now)
    {
        var candidates = new List<Entry>(_entries.Count);
        long totalLength = 0;
        foreach (var id in _order)
        {
            var entry = _entries[id];
            if (!entry.Memory.IsExpiredAt(now) && InScope(entry.Memory, agentId))
            {
                candidates.Add(entry);
                totalLength += entry.Length;
            }
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var depth = Math.Max(MinCandidates, k * 5);
        var rankings = new List<IReadOnlyList<int>>(2) { RankByBm25(query, candidates, totalLength, depth) };
        if (queryVector is not null)
        {
            rankings.Add(RankByCosine(queryVector, candidates, depth));
        }

        var fused = ReciprocalRankFusion.Fuse(rankings);
        return [.. fused
            .Select(pair => new MemoryHit(candidates[pair.Key].Memory, pair.Value * Weight(candidates[pair.Key].Memory, now)))
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Memory.Id, StringComparer.Ordinal)
            .Take(k)];
    }

    /// <summary>Whether the memory belongs to the agent's view: unscoped ones always, scoped ones only to their agent.</summary>
    public static bool InScope(Memory memory, string? agentId) =>
        agentId is null || memory.AgentId is null || string.Equals(memory.AgentId, agentId, StringComparison.Ordinal);

    /// <summary>(0.5 + 0.5·importance) · (0.5 + 0.5·2^(−days since the last change / half-life)): each halves the score at most.</summary>
    public static double Weight(Memory memory, DateTimeOffset now)
    {
        var days = Math.Max(0, (now - memory.UpdatedAt).TotalDays);
        return (0.5 + 0.5 * memory.Importance) * (0.5 + 0.5 * Math.Pow(2, -days / RecencyHalfLifeDays));
    }

    private List<int> RankByBm25(string query, List<Entry> candidates, long totalLength, int depth)
    {
        var queryTerms = tokenizer.Terms(query).Distinct(StringComparer.Ordinal).ToList();
        if (queryTerms.Count == 0)
        {
            return [];
        }

        var lengths = new int[candidates.Count];
        var frequencies = new long[queryTerms.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            lengths[i] = candidates[i].Length;
            for (var t = 0; t < queryTerms.Count; t++)
            {
                if (candidates[i].Terms.ContainsKey(queryTerms[t]))
                {
                    frequencies[t]++;
                }
            }
        }

        var scorer = new Bm25Scorer(Bm25Parameters.Default, candidates.Count, totalLength, lengths);
        // A term more than half of three or more candidates hold ("user" in "User lives in ...") ranks nothing, as in
        // Robertson's original idf: left in, it would order the memories by length alone and outvote the vectors.
        var idf = frequencies.Select(df => candidates.Count >= 3 && df * 2 > candidates.Count ? 0 : scorer.Idf(df)).ToArray();
        var top = new PriorityQueue<int, double>(depth + 1);
        for (var i = 0; i < candidates.Count; i++)
        {
            double score = 0;
            for (var t = 0; t < queryTerms.Count; t++)
            {
                if (candidates[i].Terms.TryGetValue(queryTerms[t], out var frequency))
                {
                    score += scorer.Score(idf[t], frequency, i);
                }
            }

            if (score > 0)
            {
                Offer(top, i, score, depth);
            }
        }

        return Drain(top);
    }

    private static List<int> RankByCosine(float[] queryVector, List<Entry> candidates, int depth)
    {
        var top = new PriorityQueue<int, double>(depth + 1);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Vector is { } vector && vector.Length == queryVector.Length)
            {
                var cosine = TensorPrimitives.Dot(vector, queryVector);
                if (cosine >= MinCosine)
                {
                    Offer(top, i, cosine, depth);
                }
            }
        }

        return Drain(top);
    }

    /// <summary>Keeps the <paramref name="depth"/> best: the queue's head is the worst kept.</summary>
    private static void Offer(PriorityQueue<int, double> top, int index, double score, int depth)
    {
        if (top.Count < depth)
        {
            top.Enqueue(index, score);
        }
        else if (top.TryPeek(out _, out var worst) && score > worst)
        {
            top.DequeueEnqueue(index, score);
        }
    }

    /// <summary>The kept indexes, best first.</summary>
    private static List<int> Drain(PriorityQueue<int, double> top)
    {
        var ranked = new List<int>(top.Count);
        while (top.TryDequeue(out var index, out _))
        {
            ranked.Add(index);
        }

        ranked.Reverse();
        return ranked;
    }

    private (Dictionary<string, int> Terms, int Length) Terms(string text)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        foreach (var token in tokenizer.Tokenize(text))
        {
            var term = token.Term.ToString();
            terms[term] = terms.GetValueOrDefault(term) + 1;
            length++;
        }

        return (terms, Math.Max(1, length));
    }

    /// <summary>Makes <paramref name="vector"/> unit length (a copy), so a dot product is the cosine; null for a zero vector.</summary>
    public static float[]? Normalize(ReadOnlySpan<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm <= 0 || float.IsNaN(norm))
        {
            return null;
        }

        var unit = new float[vector.Length];
        TensorPrimitives.Divide(vector, norm, unit);
        return unit;
    }

    private sealed record Entry(Memory Memory, Dictionary<string, int> Terms, int Length, float[]? Vector);
}
