namespace ChatDb.Runtime.Tests.Grains;

public sealed class Greeter
{
    public string Greet(string name) => $"hello {name}";
}

/// <summary>Takes a service from DI through its constructor.</summary>
public interface IGreetingGrain : IGrainWithGuidCompoundKey
{
    Task<string> GreetAsync();
}

[GrainType("hello")]
public sealed class GreetingGrain(Greeter greeter) : Grain, IGreetingGrain
{
    public Task<string> GreetAsync()
    {
        var key = this.GetPrimaryKey(out var extension);
        return Task.FromResult(greeter.Greet($"{key:N}/{extension}"));
    }
}
