using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Options;

public static class ChatLimitsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ChatLimitsOptions"/> from the <c>Storage</c> section of <paramref name="configuration"/>
    /// and registers <see cref="ChatLimitsOptionsValidator"/> (which also refuses removed keys), checked when
    /// the host starts. Registered once however often it is called: the chat grains and every storage provider
    /// that applies the limits call it.
    /// </summary>
    public static OptionsBuilder<ChatLimitsOptions> AddChatLimitsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<ChatLimitsOptions>();
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<ChatLimitsOptions>) && d.ImplementationInstance is ChatLimitsOptionsValidator))
        {
            return options;
        }

        var section = configuration.GetSection(ChatLimitsOptions.SectionName);
        services.AddSingleton<IValidateOptions<ChatLimitsOptions>>(new ChatLimitsOptionsValidator(section));
        return options
            .Bind(section)
            .Configure(limits => ReplaceConfiguredList(section, limits))
            .ValidateOnStart();
    }

    // The binder appends configured list items to the defaults; a configured list must replace them.
    private static void ReplaceConfiguredList(IConfigurationSection section, ChatLimitsOptions options)
    {
        var extensions = section.GetSection(nameof(ChatLimitsOptions.AllowedDocumentExtensions));
        if (extensions.GetChildren().Any())
        {
            options.AllowedDocumentExtensions = [.. extensions.GetChildren().Select(child => child.Value ?? string.Empty)];
        }
    }
}
