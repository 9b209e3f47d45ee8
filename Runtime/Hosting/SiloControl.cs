namespace ChatDb.Runtime.Hosting;

/// <summary>Lets the test cluster crash a silo: a killed silo skips graceful deactivation on stop.</summary>
internal sealed class SiloControl(Catalog catalog)
{
    public bool IsKilled { get; private set; }

    public void Kill(string siloName)
    {
        IsKilled = true;
        catalog.Kill(siloName);
    }
}
