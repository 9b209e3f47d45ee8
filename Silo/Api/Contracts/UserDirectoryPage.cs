namespace ChatDb.Silo.Api.Contracts;

/// <summary>
/// A page of <c>GET /users</c>: the users whose id contains the query, in id order, with their display names,
/// and how many users matched in all (for paging).
/// </summary>
public sealed record UserDirectoryPage(IReadOnlyList<UserDirectoryEntry> Users, int Total, int Offset);

/// <summary>One user of <see cref="UserDirectoryPage"/>: the id and, when the user has a profile, its display name.</summary>
public sealed record UserDirectoryEntry(string Id, string? DisplayName);
