using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

public static class KnowledgeSiloBuilderExtensions
{
    /// <summary>
    /// Adds the knowledge base and retrieval (docs/RAG.md): the <c>Knowledge</c> section (<see cref="KnowledgeOptions"/>,
    /// validated as the silo starts) and the agents' <c>retrieve</c> tool. The grains themselves come with the grains
    /// assembly; the REST routes are mapped by the API. <paramref name="configure"/> adjusts the options after binding.
    /// </summary>
    public static ISiloBuilder AddChatKnowledge(this ISiloBuilder builder, Action<OptionsBuilder<KnowledgeOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<KnowledgeOptions>()
            .Bind(builder.Configuration.GetSection(KnowledgeOptions.SectionName))
            .ValidateOnStart();
        configure?.Invoke(options);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>());
        builder.Services.TryAddSingleton<KnowledgeToolSource>();
        builder.Services.AddSingleton<IAgentToolSource>(services => services.GetRequiredService<KnowledgeToolSource>());
        return builder;
    }
}
