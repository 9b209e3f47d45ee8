using System.ComponentModel.DataAnnotations;

namespace ChatDb.Silo.Api.Contracts;

/// <summary>Body of <c>POST /users/{userId}/personas/{personaId}/share</c>: the receiving user, and the copy's id (default: the same).</summary>
public sealed record SharePersonaRequest([property: Required] string? ToUserId, string? AsPersonaId);

/// <summary>Body of <c>POST /users/{userId}/personas/{personaId}/publish</c>: the global persona's id (default: the same).</summary>
public sealed record PublishPersonaRequest(string? AsPersonaId);
