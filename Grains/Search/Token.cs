namespace ChatDb.Grains.Search;

/// <summary>
/// One token: the folded term (valid until the enumerator moves on), its position in the token
/// stream (dropped short words still take a position) and where it came from in the original text.
/// </summary>
public readonly ref struct Token(ReadOnlySpan<char> term, int position, int start, int length)
{
    public ReadOnlySpan<char> Term { get; } = term;

    public int Position { get; } = position;

    /// <summary>Offset of the token's first character in the original text.</summary>
    public int Start { get; } = start;

    /// <summary>Length of the token in the original text (may differ from <see cref="Term"/>'s).</summary>
    public int Length { get; } = length;
}
