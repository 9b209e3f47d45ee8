using Orleans.Runtime;

namespace ChatDb.Grains.Internal;

/// <summary>
/// A persistent state declared with <c>LoadOnActivation = false</c>: read by the first call that needs
/// it, then kept like any other state. Most calls on a session (messages) never touch its documents or
/// context, so they never pay for reading them. Used only from its grain's turns.
/// </summary>
internal sealed class OnDemandState<T>(IPersistentState<T> state)
{
    private bool _loaded;

    /// <summary>The state, read from storage first if this activation has not read it yet.</summary>
    public async ValueTask<IPersistentState<T>> GetAsync()
    {
        if (!_loaded)
        {
            await state.ReadStateAsync();
            _loaded = true;
        }

        return state;
    }
}
