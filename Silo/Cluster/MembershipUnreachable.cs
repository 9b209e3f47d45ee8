using ChatDb.Grains.Cluster;

namespace ChatDb.Silo.Cluster;

/// <summary>
/// A membership table that cannot be reached as the silo starts (Redis down, a storage account refusing the key):
/// one line naming the settings instead of a stack trace, and an exit code of its own
/// (<see cref="SiloApplication.MembershipUnreachableExitCode"/>), since unlike a bad setting a restart may fix it.
/// The provider's own message is left out: it can quote the connection string.
/// </summary>
internal static class MembershipUnreachable
{
    public static string? Describe(Exception exception, ClusterSettings cluster)
    {
        if (cluster.Membership == ClusterMembership.Localhost)
        {
            return null;
        }

        var cause = Causes(exception).FirstOrDefault(e => e is StackExchange.Redis.RedisException or Azure.RequestFailedException);
        return cause is null
            ? null
            : $"the membership table cannot be reached ({ClusterSettings.MembershipKey} '{cluster.Membership.Name()}', "
                + $"{ClusterSettings.ConnectionStringKey}): {cause.GetType().Name}"
                + (cause is Azure.RequestFailedException { Status: > 0 } azure ? $" (HTTP {azure.Status})." : ".");
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(exception.InnerException is { } one ? [one] : []);
        foreach (var cause in inner.SelectMany(Causes))
        {
            yield return cause;
        }
    }
}
