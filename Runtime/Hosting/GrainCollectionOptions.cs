namespace ChatDb.Runtime.Hosting;

/// <summary>Idle collection settings (configuration section <c>Runtime:GrainCollection</c>).</summary>
public sealed class GrainCollectionOptions
{
    public const string SectionName = "Runtime:GrainCollection";

    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>An activation that received nothing for this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;
}
