namespace ChatDb.Runtime.Streams;

/// <summary>
/// Consumer of a stream (Orleans' <c>IAsyncObserver&lt;T&gt;</c>). Calls for one subscription never
/// overlap and arrive in sequence order. For a grain's subscription they run as turns of the grain.
/// </summary>
public interface IAsyncObserver<in T>
{
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>The stream ended. Streams here never end, so this is not called today; kept for the Orleans shape.</summary>
    Task OnCompletedAsync();

    /// <summary>
    /// Something went wrong for this subscription and delivery goes on: items were lost to it
    /// (<see cref="StreamDataNotAvailableException"/>: it fell behind a bounded buffer or rewound past it).
    /// </summary>
    Task OnErrorAsync(Exception ex);
}
