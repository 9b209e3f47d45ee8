using Orleans.Runtime;

namespace ChatDb.Storage.Memory;

/// <summary>Where a state or a log lives: its name within the grain, and the grain.</summary>
internal readonly record struct StoreKey(string Name, GrainId GrainId);
