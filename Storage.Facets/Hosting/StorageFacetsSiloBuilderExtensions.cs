using Orleans.Hosting;

namespace ChatDb.Storage.Hosting;

/// <summary>The facet mappers on a silo builder; see <see cref="StorageFacetsServiceCollectionExtensions.AddStorageFacets"/>.</summary>
public static class StorageFacetsSiloBuilderExtensions
{
    public static ISiloBuilder AddStorageFacets(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddStorageFacets();
        return builder;
    }
}
