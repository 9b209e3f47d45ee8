using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Client;

/// <summary>
/// The operations of <see cref="IChatDb"/> over a silo's REST API (docs/API.md): no cluster connect, no
/// client certificate, one HTTP request per call (two or three where the API has no single route).
/// Error bodies come back as the storage error types (<see cref="SiloErrors"/>), 401/403 as
/// <see cref="UnauthorizedAccessException"/>, a silo that does not answer as <see cref="SiloUnreachableException"/>.
/// </summary>
public sealed partial class ChatDbRestClient : IChatDb, IDisposable
{
    /// <summary>The silo's default HTTP address (<c>Silo:Http</c>).</summary>
    public static readonly Uri DefaultSilo = new("http://127.0.0.1:5080/");

    // A refused connection fails at once; this bounds a silent one (a dropped SYN, a dead host).
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string? _apiKey;

    /// <summary>A client of the silo at <paramref name="silo"/> (its HTTP address), presenting <paramref name="apiKey"/> when given.</summary>
    public ChatDbRestClient(Uri silo, string? apiKey = null)
        : this(new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { BaseAddress = silo }, apiKey, ownsHttp: true)
    {
    }

    /// <summary>A client over <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> is the silo; the caller keeps owning it.</summary>
    public ChatDbRestClient(HttpClient http, string? apiKey = null)
        : this(http, apiKey, ownsHttp: false)
    {
    }

    private ChatDbRestClient(HttpClient http, string? apiKey, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        var silo = http.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the silo's HTTP address.", nameof(http));
        if (!silo.AbsoluteUri.EndsWith('/'))
        {
            // Relative routes resolve under the whole base path only when it ends with a slash.
            http.BaseAddress = new Uri(silo.AbsoluteUri + "/");
        }

        _http = http;
        _apiKey = apiKey;
        _ownsHttp = ownsHttp;
    }

    /// <summary>The silo's HTTP address.</summary>
    public Uri Silo => _http.BaseAddress!;

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    // === Users ===

    public Task<UserProfile> CreateUserAsync(string userId, UserProfileInput? profile = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, User(userId), Json(profile ?? new UserProfileInput(), ChatDbJsonContext.Default.UserProfileInput),
            ChatDbJsonContext.Default.UserProfile, cancellationToken);

    public Task<UserProfile?> GetUserProfileAsync(string userId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(User(userId), ChatDbJsonContext.Default.UserProfile, cancellationToken);

    /// <summary>Erases the user; the silo's report says what went.</summary>
    public Task<UserDeletionReport> DeleteUserAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, User(userId), content: null, ChatDbJsonContext.Default.UserDeletionReport, cancellationToken);

    // === Sessions ===

    public Task<ChatSession> CreateSessionAsync(
        string userId, string? title = null, Dictionary<string, JsonElement>? metadata = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, User(userId) + "/sessions", Json(new CreateSessionBody(title, metadata), RestJsonContext.Default.CreateSessionBody),
            ChatDbJsonContext.Default.ChatSession, cancellationToken);

    public Task<ChatSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(Session(userId, sessionId), ChatDbJsonContext.Default.ChatSession, cancellationToken);

    public Task<IReadOnlyList<ChatSession>> ListSessionsAsync(
        string userId, int? limit = null, int offset = 0, string? titleQuery = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(User(userId) + "/sessions").Add("limit", limit).Add("offset", offset).Add("q", titleQuery).ToString(),
            content: null, ChatDbJsonContext.Default.IReadOnlyListChatSession, cancellationToken);

    public Task<SessionDeletionReport> DeleteSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Session(userId, sessionId), content: null, ChatDbJsonContext.Default.SessionDeletionReport, cancellationToken);

    // === Messages ===

    public Task<ChatMessage> AddMessageAsync(string userId, string sessionId, NewMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(HttpMethod.Post, Session(userId, sessionId) + "/messages", Json(message, ChatDbJsonContext.Default.NewMessage),
            ChatDbJsonContext.Default.ChatMessage, cancellationToken);
    }

    public Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(string userId, string sessionId, MessageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SendAsync(HttpMethod.Get, Messages(new QueryString(Session(userId, sessionId) + "/messages"), query), content: null,
            ChatDbJsonContext.Default.IReadOnlyListChatMessage, cancellationToken);
    }

    private static string Messages(QueryString url, MessageQuery query) => url
        .Add("limit", query.Limit).Add("offset", query.Offset).Add("before", query.BeforeSeq).Add("after", query.AfterSeq)
        .Add("from", query.From).Add("to", query.To).Add("latest", query.Latest ? "true" : null)
        .AddMetadata(query.Metadata).Add("fitTokens", query.FitTokens)
        .Add("includeHistory", query.IncludeHistory ? "true" : null).ToString();

    // === Plumbing ===

    private static string User(string userId) => "users/" + ClientIds.Segment(userId, "user id");

    private static string Session(string userId, string sessionId) => $"{User(userId)}/sessions/{ClientIds.Segment(sessionId, "session id")}";

    private static JsonContent Json<T>(T value, JsonTypeInfo<T> type) => JsonContent.Create(value, type);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, method, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET, with null for the API's own "not found" (where the cluster client's "get" returns null).</summary>
    private async Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(HttpMethod.Get, path, content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : await ReadAsync(response, type, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken) =>
        (await SendAsync(method, path, content, nullOnNotFound: false, cancellationToken).ConfigureAwait(false))!;

    private async Task<HttpResponseMessage?> SendAsync(
        HttpMethod method, string path, HttpContent? content, bool nullOnNotFound, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await SendAsync(request, nullOnNotFound, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage?> SendAsync(
        HttpRequestMessage request, bool nullOnNotFound, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        SiloApiKey.Apply(request, _apiKey);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || e.InnerException is SocketException)
        {
            throw new SiloUnreachableException(Silo, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The caller did not cancel: the connect or the whole request ran out of time.
            throw new SiloUnreachableException(Silo, e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (nullOnNotFound && response.StatusCode == HttpStatusCode.NotFound && SiloErrors.IsNotFound(body))
            {
                return null;
            }

            throw SiloErrors.FromResponse(response.StatusCode, response.ReasonPhrase, body, $"{request.Method} /{request.RequestUri}");
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, HttpMethod method, string path, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new StorageError($"{method} /{path} answered {(int)response.StatusCode} with a null body.");
}
