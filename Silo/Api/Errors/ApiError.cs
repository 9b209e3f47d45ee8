namespace ChatDb.Silo.Api.Errors;

/// <summary>The body of every error response: <c>{"error": "&lt;kind&gt;", "message": "..."}</c>.</summary>
/// <param name="Error">One of <see cref="ApiErrorKinds"/>; clients switch on it.</param>
/// <param name="Message">What went wrong, naming the ids and the rule or limit involved.</param>
public sealed record ApiError(string Error, string Message);
