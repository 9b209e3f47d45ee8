using System.Text.Json.Serialization;
using ChatDb.Grains.Models;
using Orleans;

namespace ChatDb.Grains.Events;

[Immutable]
public sealed record SessionCreated(string UserId, string SessionId, DateTimeOffset Timestamp, ChatSession Session)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.SessionCreated;
}

/// <summary>Title or metadata changed.</summary>
[Immutable]
public sealed record SessionUpdated(string UserId, string SessionId, DateTimeOffset Timestamp, ChatSession Session)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.SessionUpdated;
}

[Immutable]
public sealed record SessionDeleted(string UserId, string SessionId, DateTimeOffset Timestamp, SessionDeletionReport Report)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.SessionDeleted;
}

[Immutable]
public sealed record MessageAdded(string UserId, string SessionId, DateTimeOffset Timestamp, ChatMessage Message)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.MessageAdded;
}

/// <summary>A document was stored (its bytes are not part of the event).</summary>
[Immutable]
public sealed record DocumentSaved(string UserId, string SessionId, DateTimeOffset Timestamp, DocumentInfo Document)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.DocumentSaved;
}

[Immutable]
public sealed record DocumentAnalysisUpdated(string UserId, string SessionId, DateTimeOffset Timestamp, DocumentInfo Document)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.DocumentAnalysisUpdated;
}

[Immutable]
public sealed record ContextUpdated(string UserId, string SessionId, DateTimeOffset Timestamp, SituationalContext Context)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.ContextUpdated;
}

[Immutable]
public sealed record ContextSnapshotSaved(string UserId, string SessionId, DateTimeOffset Timestamp, string SnapshotId)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.ContextSnapshotSaved;
}

/// <summary>A message was edited; carries its new current version (with <c>edited</c> set).</summary>
[Immutable]
public sealed record MessageEdited(string UserId, string SessionId, DateTimeOffset Timestamp, ChatMessage Message)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.MessageEdited;
}

/// <summary>A message was deleted (reads skip it from now on), or redacted when <paramref name="Redacted"/>: its content is gone from the disk.</summary>
[Immutable]
public sealed record MessageDeleted(string UserId, string SessionId, DateTimeOffset Timestamp, long Seq, bool Redacted)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.MessageDeleted;
}

/// <summary>The session was filled as a fork of another one (<see cref="ChatSession.ForkedFrom"/>): it holds messages it did not get one by one.</summary>
[Immutable]
public sealed record SessionForked(string UserId, string SessionId, DateTimeOffset Timestamp, ChatSession Session)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.SessionForked;
}
