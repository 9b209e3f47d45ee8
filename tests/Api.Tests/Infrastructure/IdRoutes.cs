namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>A route with id slots: <c>{u}</c> user, <c>{s}</c> session, <c>{p}</c> panel, <c>{r}</c> persona, <c>{f}</c> filename, <c>{m}</c> memory.</summary>
internal sealed record IdRoute(string Method, string Template, string? JsonBody = null)
{
    public const string ValidUser = "hostile-probe";
    public const string ValidSession = "chat_session_20200101_000000_000000";
    public const string ValidPanel = "panel_20200101_000000_000000";
    public const string ValidPersona = "critic";
    public const string ValidFile = "a.pdf";
    public const string ValidMemory = "mem_00000000000000000000000000000000";

    private static readonly (string Slot, string Valid)[] Slots =
        [("{u}", ValidUser), ("{s}", ValidSession), ("{p}", ValidPanel), ("{r}", ValidPersona), ("{f}", ValidFile), ("{m}", ValidMemory)];

    /// <summary>The slots this route has.</summary>
    public IEnumerable<string> SlotNames => Slots.Select(s => s.Slot).Where(slot => Template.Contains(slot, StringComparison.Ordinal));

    /// <summary>The request target with <paramref name="encodedValue"/> in <paramref name="slot"/> and valid ids elsewhere.</summary>
    public string Target(string slot, string encodedValue)
    {
        var target = Template.Replace(slot, encodedValue, StringComparison.Ordinal);
        foreach (var (other, valid) in Slots)
        {
            target = target.Replace(other, valid, StringComparison.Ordinal);
        }

        return target;
    }

    public override string ToString() => $"{Method} {Template}";
}

/// <summary>Every route of the API that takes an id from the caller.</summary>
internal static class IdRoutes
{
    private const string Session = "/users/{u}/sessions/{s}";
    private const string Message = "{\"role\":\"user\",\"content\":\"x\"}";

    public static IReadOnlyList<IdRoute> All { get; } =
    [
        new("PUT", "/users/{u}", "{}"),
        new("GET", "/users/{u}"),
        new("PATCH", "/users/{u}", "{}"),
        new("DELETE", "/users/{u}"),
        new("POST", "/users/{u}/sessions", "{}"),
        new("GET", "/users/{u}/sessions"),
        new("GET", Session),
        new("PATCH", Session, "{\"title\":\"t\"}"),
        new("DELETE", Session),
        new("POST", Session + "/messages", Message),
        new("GET", Session + "/messages"),
        new("POST", Session + "/messages/batch", "{\"messages\":[" + Message + "]}"),
        new("GET", Session + "/messages/tokens"),
        new("PATCH", Session + "/messages/1", "{\"content\":\"x\"}"),
        new("DELETE", Session + "/messages/1"),
        new("POST", Session + "/messages/1/redact"),
        new("POST", Session + "/fork", "{}"),
        new("GET", Session + "/documents"),
        new("PUT", Session + "/documents/{f}", "{}"),
        new("GET", Session + "/documents/{f}"),
        new("PUT", Session + "/documents/{f}/analysis", "{}"),
        new("GET", Session + "/documents/{f}/thumbnail"),
        new("GET", Session + "/context"),
        new("PUT", Session + "/context", "{\"summary\":\"s\",\"confidence\":0.5}"),
        new("POST", Session + "/context/snapshots"),
        new("GET", Session + "/context/history"),
        new("GET", Session + "/events"),
        new("GET", "/panels/{p}"),
        new("PATCH", "/panels/{p}", "{\"config\":{}}"),
        new("DELETE", "/panels/{p}"),
        new("GET", "/panels/{p}/analytics"),
        new("POST", "/panels/{p}/messages", Message),
        new("GET", "/panels/{p}/messages"),
        new("POST", "/panels/{p}/insights", "{}"),
        new("GET", "/panels/{p}/insights"),
        new("GET", "/panels/{p}/events"),
        new("PUT", "/personas/{r}", "{}"),
        new("GET", "/personas/{r}"),
        new("DELETE", "/personas/{r}"),
        new("GET", "/personas/{r}/versions"),
        new("GET", "/personas/{r}/versions/1"),
        new("PUT", "/users/{u}/personas/{r}", "{}"),
        new("GET", "/users/{u}/personas/{r}"),
        new("DELETE", "/users/{u}/personas/{r}"),
        new("GET", "/users/{u}/personas/{r}/versions/1"),
        new("POST", "/users/{u}/personas/{r}/share", "{\"toUserId\":\"bob\"}"),
        new("POST", "/users/{u}/personas/{r}/publish", "{}"),
        new("GET", "/personas?userId={u}"),
        new("GET", "/users/{u}/trash"),
        new("POST", "/users/{u}/trash/{s}/restore"),
        new("POST", "/trash/panels/{p}/restore"),
        new("DELETE", Session + "?purge=true"),
        new("DELETE", "/users/{u}?trash=true"),
        new("POST", "/users/{u}/memories", "{\"text\":\"x\"}"),
        new("GET", "/users/{u}/memories"),
        new("GET", "/users/{u}/memories/recall?q=x"),
        new("POST", "/users/{u}/memories/extract", "{\"sessionId\":\"" + IdRoute.ValidSession + "\"}"),
        new("GET", "/users/{u}/memories/{m}"),
        new("PATCH", "/users/{u}/memories/{m}", "{\"text\":\"x\"}"),
        new("DELETE", "/users/{u}/memories/{m}"),
    ];
}
