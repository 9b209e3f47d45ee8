namespace ChatDb.Benchmarks.Scenarios.Rest;

/// <summary>Which request a <see cref="RestScenario"/> times.</summary>
public enum RestOperation
{
    /// <summary><c>POST /users/{u}/sessions</c> with a title; a new user every 100 sessions.</summary>
    SessionCreate,

    /// <summary><c>POST /users/{u}/sessions/{s}/messages</c>, one 200-character message, acknowledged when durable.</summary>
    Append,

    /// <summary><c>GET /users/{u}/sessions/{s}/messages?limit=100&amp;offset=n</c>, the last 100 of a filled session.</summary>
    Page,

    /// <summary><c>GET /users/{u}/search?q=...&amp;mode=fulltext&amp;limit=20</c> over the user's sessions.</summary>
    Search,

    /// <summary><c>PUT /users/{u}/sessions/{s}/documents/{f}</c> with 10 MB of random bytes as an MP3 recording (the multimodal module describes it), replacing the same document each time.</summary>
    Upload10Mb,
}
