namespace ChatDb.Runtime;

/// <summary>
/// The type part of a <see cref="GrainId"/>: by default the grain class name without the
/// <c>Grain</c> suffix, lower-case (<c>SessionGrain</c> → <c>session</c>); <see cref="GrainTypeAttribute"/> overrides it.
/// </summary>
public readonly record struct GrainType(string Value)
{
    public override string ToString() => Value;
}
