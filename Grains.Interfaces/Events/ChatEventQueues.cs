using System.Text;

namespace ChatDb.Grains.Events;

/// <summary>
/// The Azure Storage queues that carry the chat events in <c>azure</c> mode (docs/CLUSTER.md): silos and clients
/// of one service must use the same names, so both derive them from the service id unless <c>Cluster:QueueNames</c>
/// names them.
/// </summary>
public static class ChatEventQueues
{
    /// <summary>Queues per service: streams hash onto them, and each is pulled by one silo at a time.</summary>
    public const int DefaultCount = 4;

    /// <summary>
    /// <c>chatdb-{service}-events-{n}</c>, the service id lower-cased with anything but letters and digits as
    /// <c>-</c> (queue names allow only those, 3 to 63 characters).
    /// </summary>
    public static IReadOnlyList<string> DefaultNames(string serviceId, int count = DefaultCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        var service = new StringBuilder();
        foreach (var c in serviceId.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (next != '-' || (service.Length > 0 && service[^1] != '-'))
            {
                service.Append(next);
            }
        }

        var name = service.ToString().Trim('-');
        name = name.Length > 40 ? name[..40].TrimEnd('-') : name;
        name = name.Length == 0 ? "default" : name;
        return [.. Enumerable.Range(0, count).Select(i => $"chatdb-{name}-events-{i}")];
    }

    /// <summary>Whether <paramref name="name"/> is a valid Azure queue name: 3–63 lower-case letters, digits and single hyphens, not starting or ending with one.</summary>
    public static bool IsValidName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
}
