namespace ChatDb.Runtime.Streams;

/// <summary>
/// On a grain class: every stream of namespace <see cref="Namespace"/> (of every provider) delivers to
/// the grain of this class whose key equals the stream's key, activating it as needed. The grain
/// attaches its observer in <see cref="IStreamSubscriptionObserver.OnSubscribed"/>, which runs before
/// the first item of a stream reaches an activation. Implicit subscriptions cannot be unsubscribed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute : Attribute
{
    public ImplicitStreamSubscriptionAttribute(string streamNamespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        Namespace = streamNamespace;
    }

    public string Namespace { get; }
}

/// <summary>Implemented by implicitly subscribed grains to attach their observer (Orleans' shape).</summary>
public interface IStreamSubscriptionObserver
{
    /// <summary>Runs as part of the turn that delivers the first item of a stream to this activation.</summary>
    Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory);
}

/// <summary>Creates the handle of an implicit subscription, on which the grain calls <c>ResumeAsync(observer)</c>.</summary>
public interface IStreamSubscriptionHandleFactory
{
    StreamId StreamId { get; }

    string ProviderName { get; }

    Guid SubscriptionId { get; }

    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the stream's item type.</exception>
    StreamSubscriptionHandle<T> Create<T>();
}
