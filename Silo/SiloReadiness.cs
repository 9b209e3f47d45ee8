namespace ChatDb.Silo;

/// <summary>
/// Whether the silo accepts calls: once the host has started every service and, when membership is tracked, the
/// silo is an active member of its cluster; not while it stops, nor once the cluster has declared it dead.
/// </summary>
public sealed class SiloReadiness
{
    private volatile string _status = "starting";
    private volatile Func<string>? _membership;

    public bool IsReady => Status == "ready";

    /// <summary><c>starting</c>, <c>joining</c>, <c>ready</c>, <c>stopping</c> or <c>dead</c>.</summary>
    public string Status => _status == "ready" && _membership is { } membership ? membership() : _status;

    public void MarkReady() => _status = "ready";

    public void MarkStopping() => _status = "stopping";

    /// <summary>Asks <paramref name="membershipStatus"/> (<c>ready</c> when the silo is an active member) once the host has started.</summary>
    public void TrackMembership(Func<string> membershipStatus) => _membership = membershipStatus;
}
