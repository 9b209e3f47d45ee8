using System.Runtime.CompilerServices;

namespace ChatDb.Runtime.Streams;

/// <summary>
/// The observers a grain activation attached to its subscriptions (by subscription id). They live
/// exactly as long as the activation: the next activation starts empty and attaches again with
/// <c>ResumeAsync</c>. Kept beside the activation rather than in it, so the activation stays small.
/// </summary>
internal static class ActivationStreamObservers
{
    private static readonly ConditionalWeakTable<ActivationData, Dictionary<Guid, object>> Tables = new();

    public static void Attach(ActivationData activation, Guid subscriptionId, object observer)
    {
        var table = Tables.GetOrCreateValue(activation);
        lock (table)
        {
            table[subscriptionId] = observer;
        }
    }

    public static void Detach(ActivationData activation, Guid subscriptionId)
    {
        if (Tables.TryGetValue(activation, out var table))
        {
            lock (table)
            {
                table.Remove(subscriptionId);
            }
        }
    }

    public static IAsyncObserver<T>? Find<T>(ActivationData activation, Guid subscriptionId)
    {
        if (!Tables.TryGetValue(activation, out var table))
        {
            return null;
        }

        lock (table)
        {
            return table.TryGetValue(subscriptionId, out var observer) ? observer as IAsyncObserver<T> : null;
        }
    }
}
