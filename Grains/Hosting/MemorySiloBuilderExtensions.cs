using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Memories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

public static class MemorySiloBuilderExtensions
{
    /// <summary>
    /// Adds what the memory grain needs: the <c>Memory</c> section (<see cref="MemoryOptions"/>), whose
    /// <c>ExtractionModel</c> must name a chat model of the <c>Models</c> section (checked as the silo starts), and the
    /// extractors. Called by <see cref="ChatGrainsSiloBuilderExtensions.AddChatGrains"/> after the agents' models.
    /// </summary>
    public static ISiloBuilder AddChatMemory(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MemoryOptions>()
            .Bind(builder.Configuration.GetSection(MemoryOptions.SectionName))
            .Validate<ModelRegistry>(
                (options, models) => models.Names.Contains(options.ExtractionModel) && models.Get(options.ExtractionModel, "Memory").Kind == ModelKinds.Chat,
                "Memory:ExtractionModel must name a chat model of the Models configuration ('offline' by default).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<MemoryExtractors>();
        return builder;
    }
}
