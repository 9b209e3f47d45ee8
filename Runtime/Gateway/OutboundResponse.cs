namespace ChatDb.Runtime.Gateway;

/// <summary>A response waiting in a connection's queue: a result (typed by the method) or an error.</summary>
internal readonly record struct OutboundResponse(long Id, GrainMethodDescriptor? Method, object? Value, Exception? Error);
