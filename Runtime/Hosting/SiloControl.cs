namespace ChatDb.Runtime.Hosting;

/// <summary>Lets the test cluster crash a silo: a killed silo skips graceful deactivation on stop.</summary>
internal sealed class SiloControl(Catalog catalog)
{
    private readonly CancellationTokenSource _killing = new();

    public bool IsKilled { get; private set; }

    /// <summary>Cancelled when the silo is killed, before its catalog fails the pending calls: the gateway resets its connections first.</summary>
    public CancellationToken Killing => _killing.Token;

    public void Kill(string siloName)
    {
        IsKilled = true;
        _killing.Cancel();
        catalog.Kill(siloName);
    }
}
