namespace ChatDb.Silo;

/// <summary>Whether the silo accepts calls: set once the host has started every service, cleared when it stops.</summary>
public sealed class SiloReadiness
{
    private volatile string _status = "starting";

    public bool IsReady => _status == "ready";

    /// <summary><c>starting</c>, <c>ready</c> or <c>stopping</c>.</summary>
    public string Status => _status;

    public void MarkReady() => _status = "ready";

    public void MarkStopping() => _status = "stopping";
}
