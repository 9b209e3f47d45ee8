namespace ChatDb.Client;

/// <summary>The body of <c>POST /users/{userId}/personas/{personaId}/share</c>.</summary>
internal sealed record SharePersonaBody(string ToUserId, string? AsPersonaId);

/// <summary>The body of <c>POST /users/{userId}/personas/{personaId}/publish</c>.</summary>
internal sealed record PublishPersonaBody(string? AsPersonaId);
