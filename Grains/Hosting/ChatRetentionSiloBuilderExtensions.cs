using ChatDb.Grains.Retention;
using Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Hosting;

public static class ChatRetentionSiloBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="RetentionOptions"/> (section <c>Retention</c>, checked at start) and, when
    /// <c>Retention:Enabled</c> is true, starts the retention grain's timer once the silo runs. Needs the
    /// chat grains and the flatfile storage provider. <paramref name="configure"/> runs after the binding.
    /// </summary>
    public static ISiloBuilder AddChatRetention(this ISiloBuilder builder, Action<RetentionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.SectionName))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        builder.Services.AddHostedService<RetentionStartup>();
        return builder;
    }
}
