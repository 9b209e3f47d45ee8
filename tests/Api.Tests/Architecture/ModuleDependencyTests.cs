using ChatDb.Grains.Modules;

namespace ChatDb.Api.Tests.Architecture;

/// <summary>
/// The dependency rule of the modules (docs/MODULES.md): a module's own namespace (<see cref="ChatModule.Namespace"/>) uses
/// no type of another module's namespace; what modules share goes through the contracts (Grains.Interfaces: grain
/// interfaces, records, streams) and the shared services outside any module (storage, search, model clients). The
/// breaks that exist today are listed by name, so a new one fails the test and a fixed one must leave the list.
/// </summary>
public sealed class ModuleDependencyTests
{
    /// <summary>Namespaces inside a module's that are shared, not the module's own: the configured models and their clients.</summary>
    private static readonly string[] Shared = ["ChatDb.Grains.Agents.ChatModels"];

    /// <summary>Known breaks, "from module -> to module: type used". Each is a debt docs/MODULES.md names.</summary>
    private static readonly string[] KnownBreaks =
    [
        // Panel runs reuse the agent turn's helpers (prompt, model call, memory steps, logging) and the tool catalog.
        "multi_agent -> text_chat: AgentLog",
        "multi_agent -> text_chat: AgentMemoryPrompt",
        "multi_agent -> text_chat: AgentMemorySteps",
        "multi_agent -> text_chat: AgentMessageConversions",
        "multi_agent -> text_chat: AgentModelCall",
        "multi_agent -> text_chat: AgentModelCalls",
        "multi_agent -> tool_use: AgentToolCatalog",
        "multi_agent -> tool_use: AgentToolContext",
        "multi_agent -> tool_use: AgentToolInvoker",
        "multi_agent -> tool_use: AgentToolOptions",

        // The retrieve tool plugs into the agents' tool catalog through its extension point.
        "rag -> tool_use: AgentToolContext",
        "rag -> tool_use: IAgentToolSource",

        // The agent run calls tools through the catalog and its invoker, and redacts tool arguments in traces.
        "text_chat -> tool_use: AgentToolCatalog",
        "text_chat -> tool_use: AgentToolContext",
        "text_chat -> tool_use: AgentToolInvoker",
        "text_chat -> tool_use: AgentToolOptions",
        "text_chat -> tool_use: AgentTraceArgumentOptions",
        "text_chat -> tool_use: ToolArgumentRedaction",

        // Tools log, convert messages and count calls with the agent run's helpers.
        "tool_use -> text_chat: AgentLog",
        "tool_use -> text_chat: AgentMessageConversions",
        "tool_use -> text_chat: AgentTelemetry",
    ];

    [Fact]
    public void NoModule_UsesAnotherModulesInternals_BeyondTheKnownBreaks()
    {
        var modules = new[]
        {
            Grains.Agents.TextChatModule.Descriptor, Grains.Memories.MemoryModule.Descriptor, Grains.Agents.Tools.ToolUseModule.Descriptor,
            Grains.Personas.PersonaModule.Descriptor, Grains.Rag.RagModule.Descriptor, Grains.Panels.MultiAgentModule.Descriptor,
            Grains.Multimodal.MultimodalModule.Descriptor, Grains.Panels.TopicRouterModule.Descriptor, TraceLoggerModule.Descriptor,
        };
        var owned = modules.Where(m => m.Namespace is not null).Select(m => (Namespace: m.Namespace!, m.Name)).ToList();
        string? ModuleOf(Type type)
        {
            var ns = type.Namespace ?? string.Empty;
            if (Shared.Any(s => ns == s || ns.StartsWith(s + ".", StringComparison.Ordinal)))
            {
                return null;
            }

            return owned.Where(o => ns == o.Namespace || ns.StartsWith(o.Namespace + ".", StringComparison.Ordinal))
                .OrderByDescending(o => o.Namespace.Length).Select(o => o.Name).FirstOrDefault();
        }

        var grains = typeof(ChatModuleSet).Assembly;
        var breaks = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in grains.GetTypes())
        {
            if (ModuleOf(type) is not { } from)
            {
                continue;
            }

            foreach (var used in TypeReferences.Of(type).Where(t => t.Assembly == grains))
            {
                if (ModuleOf(used) is { } to && to != from)
                {
                    breaks.Add($"{from} -> {to}: {(used.DeclaringType ?? used).Name}");
                }
            }
        }

        Assert.NotEmpty(owned);
        Assert.True(KnownBreaks.Order(StringComparer.Ordinal).SequenceEqual(breaks),
            "Uses across modules (expected the known breaks only):\n" + string.Join("\n", breaks.Select(b => $"\"{b}\",")));
    }

    [Fact]
    public void TheScanner_SeesTypesUsedOnlyInsideMethodBodies()
    {
        // AgentRunGrain reaches the tool catalog through a property and the memory steps through static calls in async
        // methods: if the scanner missed bodies, the rule above would pass vacuously.
        var grain = typeof(Grains.Agents.AgentRunGrain);
        var used = grain.GetNestedTypes(System.Reflection.BindingFlags.NonPublic).Append(grain).SelectMany(TypeReferences.Of).ToHashSet();

        Assert.Contains(typeof(Grains.Agents.AgentMemorySteps), used);
    }
}
