using System.Numerics.Tensors;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;

namespace ChatDb.Grains.Memories;

/// <summary>
/// Recall over the slots: the candidates marked in one pass, BM25 from the postings of the query's terms only, cosine
/// over the contiguous vector rows, each ranking kept to its best few by a bounded heap, then the fusion.
/// </summary>
internal sealed partial class MemoryIndex
{
    /// <summary>Per-slot scratch of the last recall (the grain runs one call at a time), grown with the slots.</summary>
    private bool[] _candidate = [];
    private double[] _bm25 = [];

    /// <summary>
    /// The <paramref name="k"/> memories that best answer the query, best first: BM25 over the terms and cosine over the
    /// vectors each rank the candidates, reciprocal rank fusion merges the two rankings, and the fused score is weighted by
    /// importance and recency (docs/MEMORY.md, "Recall"). Expired memories and other agents' memories are never candidates.
    /// </summary>
    public IReadOnlyList<MemoryHit> Recall(string query, float[]? queryVector, int k, string? agentId, DateTimeOffset now)
    {
        var slots = _slots.Count;
        if (_candidate.Length < slots)
        {
            _candidate = new bool[_slots.Capacity];
            _bm25 = new double[_slots.Capacity];
        }

        var candidate = _candidate;
        var count = 0;
        long totalLength = 0;
        for (var slot = 0; slot < slots; slot++)
        {
            var entry = _slots[slot];
            var isCandidate = entry is not null && !entry.Memory.IsExpiredAt(now) && InScope(entry.Memory, agentId);
            candidate[slot] = isCandidate;
            if (isCandidate)
            {
                count++;
                totalLength += _lengths[slot];
            }
        }

        if (count == 0)
        {
            return [];
        }

        var depth = Math.Max(MinCandidates, k * 5);
        var rankings = new List<IReadOnlyList<int>>(2) { RankByBm25(query, slots, count, totalLength, depth) };
        if (queryVector is not null)
        {
            rankings.Add(RankByCosine(queryVector, slots, depth));
        }

        var fused = ReciprocalRankFusion.Fuse(rankings);
        return [.. fused
            .Select(pair => new MemoryHit(_slots[pair.Key]!.Memory, pair.Value * Weight(_slots[pair.Key]!.Memory, now)))
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Memory.Id, StringComparer.Ordinal)
            .Take(k)];
    }

    /// <summary>
    /// BM25 of the candidates that hold a query term, best first (at most <paramref name="depth"/>). Each score adds the
    /// terms' parts in the query's order, and the heap is offered the slots in order: the same ranking as a scan of every
    /// candidate's terms.
    /// </summary>
    private List<int> RankByBm25(string query, int slots, int count, long totalLength, int depth)
    {
        var queryTerms = tokenizer.Terms(query).Distinct(StringComparer.Ordinal).ToList();
        if (queryTerms.Count == 0)
        {
            return [];
        }

        var candidate = _candidate;
        var postings = new List<Posting>?[queryTerms.Count];
        var frequencies = new long[queryTerms.Count];
        for (var t = 0; t < queryTerms.Count; t++)
        {
            postings[t] = _postings.GetValueOrDefault(queryTerms[t]);
            foreach (var posting in postings[t] ?? [])
            {
                if (candidate[posting.Slot])
                {
                    frequencies[t]++;
                }
            }
        }

        var scorer = new Bm25Scorer(Bm25Parameters.Default, count, totalLength, _lengths);
        var scores = _bm25;
        Array.Clear(scores, 0, slots);
        for (var t = 0; t < queryTerms.Count; t++)
        {
            // A term more than half of three or more candidates hold ("user" in "User lives in ...") ranks nothing, as in
            // Robertson's original idf: left in, it would order the memories by length alone and outvote the vectors.
            if (postings[t] is not { } termPostings || (count >= 3 && frequencies[t] * 2 > count))
            {
                continue;
            }

            var idf = scorer.Idf(frequencies[t]);
            foreach (var posting in termPostings)
            {
                if (candidate[posting.Slot])
                {
                    scores[posting.Slot] += scorer.Score(idf, posting.Frequency, posting.Slot);
                }
            }
        }

        var top = new PriorityQueue<int, double>(depth + 1);
        for (var slot = 0; slot < slots; slot++)
        {
            if (scores[slot] > 0)
            {
                Offer(top, slot, scores[slot], depth);
            }
        }

        return Drain(top);
    }

    private List<int> RankByCosine(float[] queryVector, int slots, int depth)
    {
        var top = new PriorityQueue<int, double>(depth + 1);
        if (queryVector.Length != _vectors.Dimensions)
        {
            return [];
        }

        var candidate = _candidate;
        for (var slot = 0; slot < slots; slot++)
        {
            if (candidate[slot] && _vectors.Has(slot))
            {
                var cosine = TensorPrimitives.Dot(queryVector, _vectors.Row(slot));
                if (cosine >= MinCosine)
                {
                    Offer(top, slot, cosine, depth);
                }
            }
        }

        return Drain(top);
    }

    /// <summary>Keeps the <paramref name="depth"/> best: the queue's head is the worst kept.</summary>
    private static void Offer(PriorityQueue<int, double> top, int slot, double score, int depth)
    {
        if (top.Count < depth)
        {
            top.Enqueue(slot, score);
        }
        else if (top.TryPeek(out _, out var worst) && score > worst)
        {
            top.DequeueEnqueue(slot, score);
        }
    }

    /// <summary>The kept slots, best first.</summary>
    private static List<int> Drain(PriorityQueue<int, double> top)
    {
        var ranked = new List<int>(top.Count);
        while (top.TryDequeue(out var slot, out _))
        {
            ranked.Add(slot);
        }

        ranked.Reverse();
        return ranked;
    }
}
