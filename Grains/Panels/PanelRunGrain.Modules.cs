using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Panels;

/// <summary>
/// Modules a speaking agent would use (memory, tool_use) may be switched off in the deployment (docs/MODULES.md): the run
/// then goes on without them, as an agent run does, and its trace says so once per module, at the first agent whose
/// setting would have used it.
/// </summary>
public sealed partial class PanelRunGrain
{
    /// <summary>The modules the executing run (a start or a resume) went on without and has traced.</summary>
    private readonly HashSet<string> _modulesSkipped = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="speaker"/> may use <paramref name="module"/>; when not, traces <c>module_disabled</c> the first time.</summary>
    private async Task<bool> UsesModuleAsync(string module, PanelAgent speaker, int turn)
    {
        if (_modules.IsEnabled(module))
        {
            return true;
        }

        // Concurrent answers ask from parallel continuations; the set is checked and filled before any await, so one traces.
        if (_modulesSkipped.Add(module))
        {
            await TraceAsync(Event(PanelTraceKinds.ModuleDisabled, turn) with
            {
                Speaker = speaker.Role,
                Module = module,
                Error = ModuleDisabledError.MessageFor(module),
            });
        }

        return false;
    }
}
