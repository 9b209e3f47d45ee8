using ChatDb.Grains.Sessions.Summary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

public static class SessionSummarySiloBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="SessionSummaryOptions"/> (section <c>Memory:Summary</c>) and checks it at start against the
    /// models of the <c>Models</c> section. Called by <see cref="ChatGrainsSiloBuilderExtensions.AddChatGrains"/>.
    /// </summary>
    public static ISiloBuilder AddSessionSummaries(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SessionSummaryOptions>().Bind(builder.Configuration.GetSection(SessionSummaryOptions.SectionName)).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionSummaryOptions>, SessionSummaryOptionsValidator>());
        return builder;
    }
}
