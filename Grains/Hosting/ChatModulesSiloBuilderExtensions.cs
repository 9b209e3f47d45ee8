using ChatDb.Grains.Agents;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Media;
using ChatDb.Grains.Memories;
using ChatDb.Grains.Modules;
using ChatDb.Grains.Multimodal;
using ChatDb.Grains.Panels;
using ChatDb.Grains.Personas;
using ChatDb.Grains.Rag;
using ChatDb.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace ChatDb.Grains.Hosting;

/// <summary>
/// The modules (docs/MODULES.md): one registration per module, each switched by <c>Modules:{name}:Enabled</c> (default true)
/// from the same configuration layers as every other setting. A module that is off stays listed; its grains refuse
/// clients' calls (<see cref="ModuleCallFilter"/>) and its routes answer 404 <c>module_disabled</c>.
/// </summary>
public static class ChatModulesSiloBuilderExtensions
{
    public const string SectionName = "Modules";

    /// <summary>The folder of plugin modules, <c>Modules:PluginsPath</c> (docs/MODULES.md, "Plugins"): a setting of the section, not a module.</summary>
    public const string PluginsPathName = "PluginsPath";

    /// <summary>
    /// Registers the nine modules, the <see cref="ChatModuleSet"/> and the grain call filter. Called by
    /// <see cref="ChatGrainsSiloBuilderExtensions.AddChatGrains"/>; a second call does nothing. A module name under
    /// <c>Modules</c> that is not one of <see cref="ChatModuleNames.All"/> nor of a module registered before (a plugin's,
    /// <see cref="AddChatModule"/>), or an <c>Enabled</c> that is not true/false, refuses the start naming the key.
    /// </summary>
    public static ISiloBuilder AddChatModules(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(ChatModuleSet)))
        {
            return builder;
        }

        // Plugin modules are registered before this call, so their names (and their own sections) are known here.
        string[] known =
        [
            .. ChatModuleNames.All,
            .. builder.Services.Select(d => d.ImplementationInstance).OfType<ChatModule>().Select(m => m.Name),
        ];
        foreach (var section in builder.Configuration.GetSection(SectionName).GetChildren())
        {
            if (!known.Contains(section.Key, StringComparer.OrdinalIgnoreCase)
                && !string.Equals(section.Key, PluginsPathName, StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigurationError(
                    $"{SectionName}:{section.Key} names no module; the modules are {string.Join(", ", known)}.");
            }
        }

        builder.AddTextChatModule()
            .AddMemoryModule()
            .AddToolUseModule()
            .AddPersonaModule()
            .AddRagModule()
            .AddMultiAgentModule()
            .AddMultimodalModule()
            .AddTopicRouterModule()
            .AddTraceLoggerModule();
        builder.Services.AddSingleton<ChatModuleSet>();
        builder.AddIncomingGrainCallFilter<ModuleCallFilter>();
        return builder;
    }

    public static ISiloBuilder AddTextChatModule(this ISiloBuilder builder) => builder.AddChatModule(TextChatModule.Descriptor);

    public static ISiloBuilder AddMemoryModule(this ISiloBuilder builder) => builder.AddChatModule(MemoryModule.Descriptor);

    public static ISiloBuilder AddToolUseModule(this ISiloBuilder builder) => builder.AddChatModule(ToolUseModule.Descriptor);

    public static ISiloBuilder AddPersonaModule(this ISiloBuilder builder) => builder.AddChatModule(PersonaModule.Descriptor);

    public static ISiloBuilder AddRagModule(this ISiloBuilder builder) => builder.AddChatModule(RagModule.Descriptor);

    public static ISiloBuilder AddMultiAgentModule(this ISiloBuilder builder) => builder.AddChatModule(MultiAgentModule.Descriptor);

    /// <summary>
    /// The multimodal module and its analyzer, with the <c>Multimodal</c> section (<see cref="MultimodalOptions"/>) validated as
    /// the silo starts. The analyzer is registered on or off, like every module's services; the session grain and the agent
    /// run ask the module set before they use it.
    /// </summary>
    public static ISiloBuilder AddMultimodalModule(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MultimodalOptions>().Bind(builder.Configuration.GetSection(MultimodalOptions.SectionName)).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MultimodalOptions>, MultimodalOptionsValidator>());
        builder.Services.TryAddSingleton<IMediaAnalyzer, SkiaMediaAnalyzer>();
        return builder.AddChatModule(MultimodalModule.Descriptor);
    }

    public static ISiloBuilder AddTopicRouterModule(this ISiloBuilder builder) => builder.AddChatModule(TopicRouterModule.Descriptor);

    public static ISiloBuilder AddTraceLoggerModule(this ISiloBuilder builder) => builder.AddChatModule(TraceLoggerModule.Descriptor);

    /// <summary>Registers <paramref name="module"/>, on or off as <c>Modules:{name}:Enabled</c> says.</summary>
    public static ISiloBuilder AddChatModule(this ISiloBuilder builder, ChatModule module)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(module);
        builder.Services.AddSingleton(module with { Enabled = IsEnabled(builder.Configuration, module.Name) });
        return builder;
    }

    private static bool IsEnabled(IConfiguration configuration, string module)
    {
        var key = ChatModuleNames.EnabledKey(module);
        return configuration[key] switch
        {
            null or "" => true,
            var value when bool.TryParse(value, out var enabled) => enabled,
            var value => throw new ConfigurationError($"{key} is '{value}'; it must be true or false."),
        };
    }
}
