namespace ChatDb.Client;

/// <summary>The body of every REST error response: <c>{"error": "&lt;kind&gt;", "message": "..."}</c>.</summary>
internal sealed record ApiErrorBody(string? Error, string? Message);
