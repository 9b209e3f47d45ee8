namespace ChatDb.Runtime.Streams;

/// <summary>
/// The durable subscription record of one stream of one provider, kept in the pub/sub grain storage
/// (see <see cref="StreamStorageIds"/>). In-process observers are never recorded.
/// </summary>
public sealed class PubSubState
{
    public List<PubSubSubscription> Subscriptions { get; set; } = [];
}

/// <summary>
/// One grain's subscription: explicit (made with <c>SubscribeAsync</c>) or implicit (from
/// <see cref="ImplicitStreamSubscriptionAttribute"/>, recorded only to keep its position).
/// </summary>
/// <param name="SubscriptionId">The subscription's handle id.</param>
/// <param name="ConsumerType">Grain type of the consuming grain.</param>
/// <param name="ConsumerKey">Key of the consuming grain.</param>
/// <param name="IsImplicit">Whether the subscription comes from <see cref="ImplicitStreamSubscriptionAttribute"/>.</param>
/// <param name="LastDelivered">Sequence number of the last item delivered; kept by persistent providers so a restart neither repeats nor skips items.</param>
public sealed record PubSubSubscription(Guid SubscriptionId, string ConsumerType, string ConsumerKey, bool IsImplicit, long LastDelivered)
{
    public GrainId Consumer => new(new GrainType(ConsumerType), ConsumerKey);
}
