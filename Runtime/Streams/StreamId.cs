namespace ChatDb.Runtime.Streams;

/// <summary>
/// Identity of a stream within a provider: a namespace (what kind of events, e.g. <c>session</c>) and
/// a key (which entity, e.g. a session id). Implicit subscribers of a namespace are the grains whose
/// key equals the stream's key; the Guid and integer overloads encode keys as <see cref="GrainKeys"/>
/// does, so a Guid-keyed grain and a Guid-keyed stream meet.
/// </summary>
public readonly record struct StreamId
{
    /// <summary>The separator between namespace and key in <see cref="ToString"/> and in storage ids; not allowed in a namespace.</summary>
    public const char Separator = '/';

    private StreamId(string streamNamespace, string key)
    {
        Namespace = streamNamespace;
        Key = key;
    }

    public string Namespace { get; }

    public string Key { get; }

    /// <exception cref="ArgumentException">The namespace is empty or contains <c>/</c> or a control character, or the key is empty.</exception>
    public static StreamId Create(string streamNamespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (streamNamespace.Contains(Separator, StringComparison.Ordinal) || streamNamespace.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"Stream namespace '{streamNamespace}' is invalid: a namespace must not contain '{Separator}' or control characters.", nameof(streamNamespace));
        }

        return new StreamId(streamNamespace, key);
    }

    public static StreamId Create(string streamNamespace, Guid key) => Create(streamNamespace, GrainKeys.Encode(key));

    public static StreamId Create(string streamNamespace, long key) => Create(streamNamespace, GrainKeys.Encode(key));

    /// <summary><c>namespace/key</c>.</summary>
    public override string ToString() => string.Concat(Namespace, "/", Key);
}
