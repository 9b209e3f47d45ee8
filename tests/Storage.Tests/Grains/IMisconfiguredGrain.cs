using Orleans;

namespace ChatDb.Storage.Tests.Grains;

/// <summary>A grain whose log names a provider nobody registered.</summary>
public interface IMisconfiguredGrain : IGrainWithStringKey
{
    Task<long> GetCountAsync();
}
