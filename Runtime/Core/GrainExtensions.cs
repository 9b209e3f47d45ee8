namespace ChatDb.Runtime;

/// <summary>Orleans' key accessors, for grain classes (<c>this.GetPrimaryKeyString()</c>) and references alike.</summary>
public static class GrainExtensions
{
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        null => throw new ArgumentNullException(nameof(grain)),
        Grain g => g.GrainId,
        GrainReference r => r.GrainId,
        _ => throw new ArgumentException($"{grain.GetType()} is neither a grain nor a grain reference.", nameof(grain)),
    };

    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GetGrainId().Key;

    public static Guid GetPrimaryKey(this IAddressable grain) => GrainKeys.DecodeGuid(grain.GetGrainId(), out _);

    public static Guid GetPrimaryKey(this IAddressable grain, out string? keyExtension) =>
        GrainKeys.DecodeGuid(grain.GetGrainId(), out keyExtension);

    public static long GetPrimaryKeyLong(this IAddressable grain) => GrainKeys.DecodeLong(grain.GetGrainId(), out _);

    public static long GetPrimaryKeyLong(this IAddressable grain, out string? keyExtension) =>
        GrainKeys.DecodeLong(grain.GetGrainId(), out keyExtension);
}
