namespace ChatDb.Grains.Personas;

/// <summary>The persona ids the catalog has been told about (state <c>index</c>).</summary>
public sealed class PersonaCatalogIndex
{
    public List<string> PersonaIds { get; set; } = [];
}
