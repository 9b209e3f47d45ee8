namespace ChatDb.Storage;

/// <summary>The one way limits are enforced, so every <see cref="StorageLimitExceeded"/> reads alike.</summary>
public static class StorageLimits
{
    /// <summary>
    /// Throws <see cref="StorageLimitExceeded"/> when <paramref name="actual"/> is above <paramref name="limit"/>.
    /// </summary>
    /// <param name="limitName">The setting name, e.g. <c>MaxMessageSizeBytes</c>.</param>
    /// <param name="limit">The configured limit (inclusive).</param>
    /// <param name="actual">The value that would result from the operation.</param>
    /// <param name="subject">What is measured, naming the ids, e.g. "message in session chat_session_... of user alice".</param>
    public static void EnsureWithin(string limitName, long limit, long actual, string subject)
    {
        if (actual > limit)
        {
            throw new StorageLimitExceeded(limitName, limit, actual, subject);
        }
    }
}
