using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// A record as stored, with its entity tag: an opaque strong validator that changes whenever what is stored
/// changes and stays the same across reads, activations and silo restarts (docs/API.md, Optimistic concurrency).
/// Present it back to a conditional write (<c>...IfMatchAsync</c>, HTTP <c>If-Match</c>) so the write happens
/// only if nobody changed the record since.
/// </summary>
/// <param name="Value">The record.</param>
/// <param name="ETag">Its entity tag, without the quotes HTTP puts around it.</param>
[Immutable]
public sealed record ETagged<T>(T Value, string ETag);
