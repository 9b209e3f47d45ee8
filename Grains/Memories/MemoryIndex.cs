using System.Numerics.Tensors;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;

namespace ChatDb.Grains.Memories;

/// <summary>
/// The memories of one user in the grain's memory, in the order they were added: each in a slot, with its terms in an
/// inverted index (term → slots and frequencies, for BM25) and its unit-length embedding in a row of
/// <see cref="MemoryVectorRows"/>. Adds, updates and deletions keep both up to date as they happen; a deleted memory
/// leaves an empty slot until enough are empty that the slots are packed again (<see cref="Compact"/>), which keeps the
/// order. Recall (<c>MemoryIndex.Recall.cs</c>) scans the slots: a user's memories are thousands, not millions.
/// </summary>
internal sealed partial class MemoryIndex(Tokenizer tokenizer)
{
    /// <summary>How many candidates of each ranking (BM25, vectors) enter the fusion, at least.</summary>
    public const int MinCandidates = 50;

    /// <summary>A memory whose cosine to the query is below this is not a vector match (the hashing embedder's noise floor).</summary>
    public const float MinCosine = 0.2f;

    /// <summary>Days after which the recency weight of an untouched memory has halved its bonus.</summary>
    public const double RecencyHalfLifeDays = 30;

    /// <summary>Empty slots are packed away once there are at least this many and more than live ones.</summary>
    public const int CompactAfterEmptySlots = 64;

    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly List<Entry?> _slots = [];
    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private MemoryVectorRows _vectors = new();
    private int[] _lengths = [];
    private int _empty;

    public int Count => _slotOf.Count;

    /// <summary>How many slots the index holds, the empty ones included (for tests of the packing).</summary>
    public int Slots => _slots.Count;

    public IEnumerable<Memory> Memories => _slots.Where(e => e is not null).Select(e => e!.Memory);

    public Memory? Get(string id) => _slotOf.TryGetValue(id, out var slot) ? _slots[slot]!.Memory : null;

    /// <summary>The memory's unit vector as stored; null when it has none (for tests).</summary>
    public float[]? VectorOf(string id) => _slotOf.TryGetValue(id, out var slot) ? _vectors.Get(slot) : null;

    /// <summary>Adds the memory, or replaces the one of its id (keeping its place); <paramref name="vector"/> null: embed later.</summary>
    public void Put(Memory memory, float[]? vector)
    {
        if (_slotOf.TryGetValue(memory.Id, out var slot))
        {
            var existing = _slots[slot]!;
            if (existing.Memory.Text == memory.Text)
            {
                _slots[slot] = existing with { Memory = memory };
                if (vector is not null)
                {
                    SetRow(slot, vector);
                }

                return;
            }

            RemovePostings(slot, existing);
            _vectors.Unset(slot);
            _slots[slot] = AddPostings(slot, memory);
            if (vector is not null)
            {
                SetRow(slot, vector);
            }

            return;
        }

        slot = _slots.Count;
        _slots.Add(null);
        _slots[slot] = AddPostings(slot, memory);
        _slotOf[memory.Id] = slot;
        if (vector is not null)
        {
            SetRow(slot, vector);
        }
    }

    public bool Remove(string id)
    {
        if (!_slotOf.Remove(id, out var slot))
        {
            return false;
        }

        RemovePostings(slot, _slots[slot]!);
        _vectors.Unset(slot);
        _slots[slot] = null;
        _empty++;
        if (_empty >= CompactAfterEmptySlots && _empty > _slotOf.Count)
        {
            Compact();
        }

        return true;
    }

    public void Clear()
    {
        _slotOf.Clear();
        _slots.Clear();
        _postings.Clear();
        _vectors.Clear();
        _lengths = [];
        _empty = 0;
    }

    /// <summary>The memories that have no vector yet (replayed from the log, or whose embedding failed).</summary>
    public IReadOnlyList<Memory> WithoutVector()
    {
        var missing = new List<Memory>();
        for (var slot = 0; slot < _slots.Count; slot++)
        {
            if (_slots[slot] is { } entry && !_vectors.Has(slot))
            {
                missing.Add(entry.Memory);
            }
        }

        return missing;
    }

    public void SetVector(string id, float[] vector)
    {
        if (_slotOf.TryGetValue(id, out var slot))
        {
            SetRow(slot, vector);
        }
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

    /// <summary>Packs the live memories into the first slots, in their order: postings and vector rows follow them.</summary>
    private void Compact()
    {
        var live = new List<(Entry Entry, float[]? Vector)>(_slotOf.Count);
        for (var slot = 0; slot < _slots.Count; slot++)
        {
            if (_slots[slot] is { } entry)
            {
                live.Add((entry, _vectors.Get(slot)));
            }
        }

        Clear();
        foreach (var (entry, vector) in live)
        {
            Put(entry.Memory, vector);
        }
    }

    private void SetRow(int slot, float[] vector)
    {
        if (!_vectors.Set(slot, vector))
        {
            // Another embedder's length: the memory is recalled by its words and embedded again at the next activation.
            _vectors.Unset(slot);
        }
    }

    /// <summary>Tokenizes the memory's text into the postings of its slot; the entry that holds it.</summary>
    private Entry AddPostings(int slot, Memory memory)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        foreach (var token in tokenizer.Tokenize(memory.Text))
        {
            var term = token.Term.ToString();
            frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
            length++;
        }

        foreach (var (term, frequency) in frequencies)
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                postings = [];
                _postings[term] = postings;
            }

            postings.Add(new Posting(slot, frequency));
        }

        if (slot >= _lengths.Length)
        {
            Array.Resize(ref _lengths, Math.Max(slot + 1, Math.Max(16, _lengths.Length * 2)));
        }

        _lengths[slot] = Math.Max(1, length);
        return new Entry(memory, [.. frequencies.Keys]);
    }

    private void RemovePostings(int slot, Entry entry)
    {
        foreach (var term in entry.Terms)
        {
            var postings = _postings[term];
            var at = postings.FindIndex(p => p.Slot == slot);
            postings[at] = postings[^1];
            postings.RemoveAt(postings.Count - 1);
            if (postings.Count == 0)
            {
                _postings.Remove(term);
            }
        }
    }

    /// <summary>A memory in its slot, with the distinct terms its postings are under.</summary>
    private sealed record Entry(Memory Memory, string[] Terms);

    /// <summary>One memory under a term: its slot and how often the term occurs in its text.</summary>
    private readonly record struct Posting(int Slot, int Frequency);
}
