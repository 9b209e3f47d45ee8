using System.Numerics.Tensors;
using ChatDb.Grains.Memories;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;

namespace ChatDb.Grains.Tests.Memories;

/// <summary>
/// Recall as docs/MEMORY.md states it, written as plainly as possible: every memory's terms counted afresh, every
/// candidate scored in order. The reference the memory index's answers are compared with.
/// </summary>
internal static class ScanRecall
{
    public static IReadOnlyList<MemoryHit> Recall(
        IReadOnlyList<(Memory Memory, float[]? Vector)> memories, string query, float[]? queryVector, int k, string? agentId, DateTimeOffset now)
    {
        var candidates = memories.Where(m => !m.Memory.IsExpiredAt(now) && MemoryIndex.InScope(m.Memory, agentId)).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        var depth = Math.Max(MemoryIndex.MinCandidates, k * 5);
        var rankings = new List<IReadOnlyList<int>> { Bm25(query, candidates.Select(c => c.Memory.Text).ToList(), depth) };
        if (queryVector is not null)
        {
            var cosines = new List<(int Index, double Score)>();
            for (var i = 0; i < candidates.Count; i++)
            {
                if (candidates[i].Vector is { } vector && vector.Length == queryVector.Length
                    && TensorPrimitives.Dot(queryVector, vector) is var cosine && cosine >= MemoryIndex.MinCosine)
                {
                    cosines.Add((i, cosine));
                }
            }

            rankings.Add(Top(cosines, depth));
        }

        return [.. ReciprocalRankFusion.Fuse(rankings)
            .Select(pair => new MemoryHit(candidates[pair.Key].Memory, pair.Value * MemoryIndex.Weight(candidates[pair.Key].Memory, now)))
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Memory.Id, StringComparer.Ordinal)
            .Take(k)];
    }

    private static List<int> Bm25(string query, List<string> texts, int depth)
    {
        var terms = texts.Select(t => Tokenizer.Default.Terms(t)).ToList();
        var queryTerms = Tokenizer.Default.Terms(query).Distinct(StringComparer.Ordinal).ToList();
        var lengths = terms.Select(t => Math.Max(1, t.Count)).ToArray();
        var scorer = new Bm25Scorer(Bm25Parameters.Default, texts.Count, lengths.Sum(l => (long)l), lengths);
        var idf = queryTerms.Select(q =>
        {
            var df = terms.Count(t => t.Contains(q, StringComparer.Ordinal));
            return texts.Count >= 3 && df * 2 > texts.Count ? 0 : scorer.Idf(df);
        }).ToList();
        var scores = new List<(int Index, double Score)>();
        for (var i = 0; i < texts.Count; i++)
        {
            double score = 0;
            for (var q = 0; q < queryTerms.Count; q++)
            {
                var frequency = terms[i].Count(t => t == queryTerms[q]);
                if (frequency > 0)
                {
                    score += scorer.Score(idf[q], frequency, i);
                }
            }

            if (score > 0)
            {
                scores.Add((i, score));
            }
        }

        return Top(scores, depth);
    }

    /// <summary>
    /// The best <paramref name="depth"/>, best first, kept by a bounded heap offered the memories in order (the index's
    /// own tie-breaking among equal scores at the cut).
    /// </summary>
    private static List<int> Top(List<(int Index, double Score)> scored, int depth)
    {
        var top = new PriorityQueue<int, double>(depth + 1);
        foreach (var (index, score) in scored)
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

        var ranked = new List<int>(top.Count);
        while (top.TryDequeue(out var index, out _))
        {
            ranked.Add(index);
        }

        ranked.Reverse();
        return ranked;
    }
}
