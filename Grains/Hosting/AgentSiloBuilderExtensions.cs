using ChatDb.Grains.Agents;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Agents.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

public static class AgentSiloBuilderExtensions
{
    /// <summary>
    /// Adds what the agent grains need: the models of the <c>Models</c> section (<see cref="ModelRegistry"/>, checked
    /// at start; <c>offline</c> always exists), the chat clients of their providers and the trace streams. Called by
    /// <see cref="ChatGrainsSiloBuilderExtensions.AddChatGrains"/>; register another <see cref="IAgentChatClientFactory"/>
    /// first to run other clients (tests use scripted ones).
    /// </summary>
    public static ISiloBuilder AddChatAgents(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton(_ => ModelRegistry.FromConfiguration(configuration));
        builder.Services.TryAddSingleton<IAgentChatClientFactory, AgentChatClientFactory>();
        builder.Services.TryAddSingleton<AgentTraceStreams>();
        builder.Services.TryAddSingleton<AgentToolCatalog>();
        builder.Services.AddOptions<AgentToolOptions>().Bind(configuration.GetSection(AgentToolOptions.SectionName))
            .Validate(o => o.ToolTimeoutSeconds >= 1 && o.ApprovalTimeoutSeconds >= 1 && o.MaxToolResultChars >= 100,
                "Agents: ToolTimeoutSeconds and ApprovalTimeoutSeconds must be at least 1, MaxToolResultChars at least 100.")
            .ValidateOnStart();
        return builder;
    }
}
