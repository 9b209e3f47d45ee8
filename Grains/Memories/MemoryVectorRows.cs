namespace ChatDb.Grains.Memories;

/// <summary>
/// The unit vectors of a memory index, one row per slot in one contiguous array, so a recall's scan over thousands of
/// them reads memory in order instead of chasing one array per memory. Every row has the length of the first vector
/// stored (one embedder per activation); a vector of another length is not kept.
/// </summary>
internal sealed class MemoryVectorRows
{
    private float[] _values = [];
    private bool[] _present = [];

    /// <summary>The length of every row; 0 until the first vector is stored.</summary>
    public int Dimensions { get; private set; }

    public bool Has(int slot) => slot < _present.Length && _present[slot];

    public ReadOnlySpan<float> Row(int slot) => new(_values, slot * Dimensions, Dimensions);

    /// <summary>Stores <paramref name="vector"/> as the slot's row; false (nothing kept) when its length is not the rows'.</summary>
    public bool Set(int slot, float[] vector)
    {
        if (Dimensions == 0)
        {
            if (vector.Length == 0)
            {
                return false;
            }

            Dimensions = vector.Length;
        }

        if (vector.Length != Dimensions)
        {
            return false;
        }

        EnsureRows(slot + 1);
        vector.CopyTo(_values, slot * Dimensions);
        _present[slot] = true;
        return true;
    }

    /// <summary>A copy of the slot's row; null when it has none.</summary>
    public float[]? Get(int slot) => Has(slot) ? Row(slot).ToArray() : null;

    public void Unset(int slot)
    {
        if (slot < _present.Length)
        {
            _present[slot] = false;
        }
    }

    public void Clear()
    {
        _values = [];
        _present = [];
        Dimensions = 0;
    }

    private void EnsureRows(int rows)
    {
        if (rows <= _present.Length)
        {
            return;
        }

        var capacity = Math.Max(rows, Math.Max(16, _present.Length * 2));
        Array.Resize(ref _values, capacity * Dimensions);
        Array.Resize(ref _present, capacity);
    }
}
