namespace ChatDb.Storage.Keys;

/// <summary>A parsed session grain key (<see cref="ChatGrainKeys.ParseSession"/>): both segments valid.</summary>
public readonly record struct SessionKey(string UserId, string SessionId);
