namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// The grain types whose data has a place of its own in the documented layout (GRAIN-LAYOUT table,
/// docs/STORAGE.md). Every other grain type is stored under <c>{base}/grains/{type}/...</c>.
/// A grain type is the class name minus <c>Grain</c>, lower-case.
/// </summary>
public static class ChatGrainTypes
{
    /// <summary>Key <c>{userId}</c>.</summary>
    public const string User = "user";

    /// <summary>Key <c>{userId}/{sessionId}</c>.</summary>
    public const string Session = "session";

    /// <summary>Key <c>{panelId}</c>.</summary>
    public const string Panel = "panel";

    /// <summary>Key <c>{personaId}</c> (global) or <c>{userId}/{personaId}</c>.</summary>
    public const string Persona = "persona";

    /// <summary>Key <see cref="GlobalCatalogKey"/> or <c>{userId}</c>; a read-only view of persona files.</summary>
    public const string PersonaCatalog = "personacatalog";

    /// <summary>The key of the catalog of global personas.</summary>
    public const string GlobalCatalogKey = "global";
}
