using ChatDb.Storage.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Flatfile.Options;

public static class FlatfileStorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FlatfileStorageOptions"/> from the <c>Storage</c> section of <paramref name="configuration"/>
    /// and registers <see cref="FlatfileStorageOptionsValidator"/>, checked when the host starts. The chat limits
    /// of the same section are bound too (<see cref="ChatLimitsServiceCollectionExtensions.AddChatLimitsOptions"/>),
    /// and <see cref="FlatfileStorageOptions.ChatLimits"/> is that one instance.
    /// </summary>
    public static OptionsBuilder<FlatfileStorageOptions> AddFlatfileStorageOptions(
        this IServiceCollection services,
        IConfiguration configuration) =>
        services.AddFlatfileStorageOptions(configuration, Microsoft.Extensions.Options.Options.DefaultName);

    /// <summary>
    /// As <see cref="AddFlatfileStorageOptions(IServiceCollection, IConfiguration)"/>, for the options named
    /// <paramref name="name"/>: those of the flatfile provider registered under that name.
    /// </summary>
    public static OptionsBuilder<FlatfileStorageOptions> AddFlatfileStorageOptions(
        this IServiceCollection services,
        IConfiguration configuration,
        string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(name);
        services.AddChatLimitsOptions(configuration);
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<FlatfileStorageOptions>, FlatfileStorageOptionsValidator>());
        return services.AddOptions<FlatfileStorageOptions>(name)
            .Bind(configuration.GetSection(FlatfileStorageOptions.SectionName))
            .Configure<IOptions<ChatLimitsOptions>>(PointAtTheChatLimits)
            .ValidateOnStart();
    }

    private static void PointAtTheChatLimits(FlatfileStorageOptions options, IOptions<ChatLimitsOptions> limits)
    {
        try
        {
            options.ChatLimits = limits.Value;
        }
        catch (OptionsValidationException)
        {
            // Invalid limits are reported by their own validator, once; failing here too would repeat each
            // message. The defaults stay meanwhile, and the host does not start anyway.
        }
    }
}
