namespace ChatDb.Runtime;

/// <summary>Identity of a grain: its type and its key. Exactly one activation exists per id.</summary>
public readonly record struct GrainId(GrainType Type, string Key)
{
    public static GrainId Create(string type, string key) => new(new GrainType(type), key);

    public override string ToString() => $"{Type.Value}/{Key}";
}
