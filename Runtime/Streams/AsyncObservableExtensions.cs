namespace ChatDb.Runtime.Streams;

/// <summary>Delegate overloads of <c>SubscribeAsync</c> and <c>ResumeAsync</c> (Orleans' <c>AsyncObservableExtensions</c>).</summary>
public static class AsyncObservableExtensions
{
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream, Func<T, StreamSequenceToken?, Task> onNextAsync, StreamSequenceToken? token = null) =>
        stream.SubscribeAsync(onNextAsync, onErrorAsync: null, onCompletedAsync: null, token);

    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream, Func<T, StreamSequenceToken?, Task> onNextAsync, Func<Exception, Task>? onErrorAsync, StreamSequenceToken? token = null) =>
        stream.SubscribeAsync(onNextAsync, onErrorAsync, onCompletedAsync: null, token);

    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream,
        Func<T, StreamSequenceToken?, Task> onNextAsync,
        Func<Exception, Task>? onErrorAsync,
        Func<Task>? onCompletedAsync,
        StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onNextAsync);
        return stream.SubscribeAsync(new DelegateObserver<T>(onNextAsync, onErrorAsync, onCompletedAsync), token);
    }

    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(
        this StreamSubscriptionHandle<T> handle, Func<T, StreamSequenceToken?, Task> onNextAsync, StreamSequenceToken? token = null) =>
        handle.ResumeAsync(onNextAsync, onErrorAsync: null, token);

    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(
        this StreamSubscriptionHandle<T> handle, Func<T, StreamSequenceToken?, Task> onNextAsync, Func<Exception, Task>? onErrorAsync, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(onNextAsync);
        return handle.ResumeAsync(new DelegateObserver<T>(onNextAsync, onErrorAsync, onCompleted: null), token);
    }
}
