using Orleans.Runtime;

namespace ChatDb.Grains.Internal;

internal static class PersistentStateExtensions
{
    /// <summary>
    /// Writes <paramref name="value"/> as the new state; if the write fails the previous value is put
    /// back, so memory never runs ahead of what is stored.
    /// </summary>
    public static async Task WriteOrRevertAsync<T>(this IPersistentState<T> state, T value)
    {
        var previous = state.State;
        state.State = value;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
