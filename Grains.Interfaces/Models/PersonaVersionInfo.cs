using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>One stored version of a persona.</summary>
/// <param name="Version">Version number, from 1.</param>
/// <param name="SizeBytes">Size of the stored version document.</param>
/// <param name="StoredAt">When the version file was written.</param>
[Immutable]
public sealed record PersonaVersionInfo(int Version, long SizeBytes, DateTimeOffset StoredAt);
