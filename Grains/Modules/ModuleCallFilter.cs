using Orleans;
using Orleans.Runtime;

namespace ChatDb.Grains.Modules;

/// <summary>
/// Refuses calls from clients (the REST API, the CLI, a cluster client) to the grains of a disabled module with
/// <see cref="ModuleDisabledError"/>. Calls between grains pass: a user's deletion still removes the module's data, and
/// the runs that use a module check the switch themselves and trace that they went on without it.
/// </summary>
internal sealed class ModuleCallFilter(ChatModuleSet modules) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (modules.AnyDisabled
            && modules.DisabledModuleOf(context.Request.GetInterfaceType()) is { } module
            && IsFromClient(context.SourceId))
        {
            throw ModuleDisabledError.For(module);
        }

        return context.Invoke();
    }

    // Orleans' prefix of client grain types ("sys.client", GrainTypePrefix.ClientPrefix): a call made outside any grain,
    // the silo's own REST API included, arrives from such an id.
    private const string ClientTypePrefix = "sys.client";

    private static bool IsFromClient(GrainId? source) =>
        source is not { } id || id.Type.ToString()?.StartsWith(ClientTypePrefix, StringComparison.Ordinal) != false;
}
