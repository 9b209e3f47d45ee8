using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>The token count of a whole session: <paramref name="Messages"/> messages, <paramref name="Tokens"/> tokens of <paramref name="Encoding"/>.</summary>
[Immutable]
public sealed record MessageTokenTotals(long Messages, long Tokens, string Encoding);
