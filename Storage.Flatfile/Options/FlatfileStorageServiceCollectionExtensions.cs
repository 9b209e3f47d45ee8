using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Flatfile.Options;

public static class FlatfileStorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FlatfileStorageOptions"/> from the <c>Storage</c> section of <paramref name="configuration"/>
    /// and registers <see cref="FlatfileStorageOptionsValidator"/>, checked when the host starts.
    /// </summary>
    public static OptionsBuilder<FlatfileStorageOptions> AddFlatfileStorageOptions(
        this IServiceCollection services,
        IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(FlatfileStorageOptions.SectionName);
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<FlatfileStorageOptions>, FlatfileStorageOptionsValidator>());
        return services.AddOptions<FlatfileStorageOptions>()
            .Bind(section)
            .Configure(options => ReplaceConfiguredList(section, options))
            .ValidateOnStart();
    }

    // The binder appends configured list items to the defaults; a configured list must replace them.
    private static void ReplaceConfiguredList(IConfigurationSection section, FlatfileStorageOptions options)
    {
        var extensions = section.GetSection(nameof(FlatfileStorageOptions.AllowedDocumentExtensions));
        if (extensions.GetChildren().Any())
        {
            options.AllowedDocumentExtensions = [.. extensions.GetChildren().Select(child => child.Value ?? string.Empty)];
        }
    }
}
