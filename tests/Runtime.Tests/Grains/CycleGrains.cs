using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests.Grains;

/// <summary>A→B→A call cycles: <see cref="CallViaAsync"/> on A calls B, which calls A back.</summary>
public interface ICycleGrain : IGrainWithStringKey
{
    Task<string> CallViaAsync(string middleKey);

    [ResponseTimeout("00:00:05")]
    Task<string> CallViaWithShortTimeoutAsync(string middleKey);

    Task<string> CallBackAsync(string originKey);

    Task<string> PingAsync();
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> CallViaAsync(string middleKey) =>
        GrainFactory.GetGrain<ICycleGrain>(middleKey).CallBackAsync(this.GetPrimaryKeyString());

    public Task<string> CallViaWithShortTimeoutAsync(string middleKey) => CallViaAsync(middleKey);

    public async Task<string> CallBackAsync(string originKey)
    {
        var ping = GrainFactory.GetGrain<ICycleGrain>(originKey).PingAsync();
        Probe.Signal(this.GetPrimaryKeyString() + "/called-back");
        string reply;
        try
        {
            reply = await ping;
        }
        finally
        {
            Probe.Signal(this.GetPrimaryKeyString() + "/unwound");
        }

        return $"{this.GetPrimaryKeyString()} got {reply}";
    }

    public Task<string> PingAsync() => Task.FromResult("pong from " + this.GetPrimaryKeyString());
}
