namespace ChatDb.Runtime;

/// <summary>The result type of requests for methods that return <c>Task</c> or <c>ValueTask</c>.</summary>
public readonly record struct VoidResult;
