using ChatDb.Grains.Agents;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Agents.Tools.Mcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

public static class AgentSiloBuilderExtensions
{
    /// <summary>
    /// Adds what the agent grains need: the models of the <c>Models</c> section (<see cref="ModelRegistry"/>, read and
    /// checked here, so a bad setting refuses the start; <c>offline</c> always exists), the chat clients of their
    /// providers (<see cref="AgentChatClientFactory"/>: offline, openai, ollama) and the trace streams. Called by
    /// <see cref="ChatGrainsSiloBuilderExtensions.AddChatGrains"/>; register another <see cref="IAgentChatClientFactory"/>
    /// or <see cref="ModelRegistry"/> first to run other clients or models (tests do).
    /// </summary>
    public static ISiloBuilder AddChatAgents(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Read and checked now, while the silo is being built: a bad model setting (or a missing key file) stops the
        // start with a ConfigurationError naming Models:{name}:..., before anything listens.
        builder.Services.TryAddSingleton(ModelRegistry.FromConfiguration(builder.Configuration));
        builder.Services.TryAddSingleton<IAgentChatClientFactory, AgentChatClientFactory>();
        builder.Services.TryAddSingleton<AgentTraceStreams>();
        builder.Services.TryAddSingleton<Panels.PanelRunStreams>();
        builder.Services.TryAddSingleton<AgentToolCatalog>();
        // The MCP servers (Mcp:Servers) are checked now as well; their tools join the catalog, connected on first use.
        builder.Services.TryAddSingleton(McpServerSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<McpToolSource>();
        builder.Services.AddSingleton<IAgentToolSource>(services => services.GetRequiredService<McpToolSource>());
        builder.Services.AddOptions<AgentToolOptions>().Bind(builder.Configuration.GetSection(AgentToolOptions.SectionName))
            .Validate(o => o.ToolTimeoutSeconds >= 1 && o.ApprovalTimeoutSeconds >= 1 && o.MaxToolResultChars >= 100,
                "Agents: ToolTimeoutSeconds and ApprovalTimeoutSeconds must be at least 1, MaxToolResultChars at least 100.")
            .ValidateOnStart();
        return builder;
    }
}
