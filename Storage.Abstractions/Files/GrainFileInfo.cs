namespace ChatDb.Storage.Files;

/// <summary>A stored file's name, size and last write time.</summary>
public sealed record GrainFileInfo(string Name, long Size, DateTimeOffset LastModified);
