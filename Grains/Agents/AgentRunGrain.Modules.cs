using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Agents;

/// <summary>
/// Modules a run uses (memory, tool_use) may be switched off in the deployment (docs/MODULES.md): the run then goes on
/// without them and its trace says so, once per module.
/// </summary>
public sealed partial class AgentRunGrain
{
    private readonly HashSet<string> _modulesSkipped = new(StringComparer.Ordinal);

    /// <summary>Whether the run may use <paramref name="module"/>; when not, traces <c>module_disabled</c> the first time.</summary>
    private async Task<bool> UsesModuleAsync(string module)
    {
        if (_modules.IsEnabled(module))
        {
            return true;
        }

        if (_modulesSkipped.Add(module))
        {
            await TraceAsync(Event(AgentTraceKinds.ModuleDisabled) with { Module = module, Error = ModuleDisabledError.MessageFor(module) });
        }

        return false;
    }
}
