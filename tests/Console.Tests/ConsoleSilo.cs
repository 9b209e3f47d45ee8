using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatDb.Grains.Security;
using ChatDb.Silo.Tests;
using Microsoft.Playwright;

namespace ChatDb.Console.Tests;

/// <summary>
/// One silo executable with API keys (admin, and one key each for users <c>alice</c> and <c>bob</c>, fresh per run)
/// and one headless chromium (Debian's, through Playwright's <c>ExecutablePath</c>; Playwright never downloads a
/// browser here), shared by the tests of <see cref="ConsoleCollection"/>. Batches of up to 1,000 messages, so the
/// 10,000-message session is seeded in ten calls.
/// </summary>
public sealed class ConsoleSilo : IAsyncLifetime
{
    public const string Alice = "alice";
    public const string Bob = "bob";

    /// <summary>How long a page may take to show what a test awaits (the machine may be shared and slow).</summary>
    public static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(45);

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-console-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public string AdminKey { get; } = SecretDigest.NewToken("chatdb_");

    public string AliceKey { get; } = SecretDigest.NewToken("chatdb_");

    public string BobKey { get; } = SecretDigest.NewToken("chatdb_");

    public SiloProcess Process { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>REST calls as the admin.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Where the tests save screenshots: <c>screenshots/</c> in the test output directory.</summary>
    public static string ScreenshotDirectory => Path.Join(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        Process = SiloProcess.Start(_root, Path.Join(_root, "data"), new Dictionary<string, string>
        {
            ["CHATDB_AUTH__APIKEYS__0__NAME"] = "ops",
            ["CHATDB_AUTH__APIKEYS__0__HASH"] = SecretDigest.Format(SecretDigest.Compute(AdminKey)),
            ["CHATDB_AUTH__APIKEYS__0__SCOPE"] = "admin",
            ["CHATDB_AUTH__APIKEYS__1__NAME"] = "alice-app",
            ["CHATDB_AUTH__APIKEYS__1__HASH"] = SecretDigest.Format(SecretDigest.Compute(AliceKey)),
            ["CHATDB_AUTH__APIKEYS__1__SCOPE"] = "user:" + Alice,
            ["CHATDB_AUTH__APIKEYS__2__NAME"] = "bob-app",
            ["CHATDB_AUTH__APIKEYS__2__HASH"] = SecretDigest.Format(SecretDigest.Compute(BobKey)),
            ["CHATDB_AUTH__APIKEYS__2__SCOPE"] = "user:" + Bob,
            ["CHATDB_STORAGE__MAXMESSAGESPERBATCH"] = "1000",
            ["CHATDB_LOGGING__LOGLEVEL__DEFAULT"] = "Warning",
        });
        Admin = new HttpClient { BaseAddress = Process.HttpAddress, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true });
        Assertions.SetDefaultExpectTimeout((float)PageTimeout.TotalMilliseconds);
        Directory.CreateDirectory(ScreenshotDirectory);
        await Process.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Admin?.Dispose();
        Process?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A page of a fresh browser context whose tab already holds <paramref name="key"/> (as the console's key prompt stores it).</summary>
    public async Task<IPage> OpenAsync(string? key, string? user = null, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Process.HttpAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout((float)PageTimeout.TotalMilliseconds);
        if (key is not null)
        {
            await context.AddInitScriptAsync(
                $"sessionStorage.setItem('chatdb.console.key', {JsonSerializer.Serialize(key)});"
                + (user is null ? string.Empty : $"sessionStorage.setItem('chatdb.console.user', {JsonSerializer.Serialize(user)});"));
        }

        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as <c>screenshots/{name}.png</c> in the test output directory.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Join(ScreenshotDirectory, name + ".png"), FullPage = false });

    public async Task<string> CreateSessionAsync(string user, string title)
    {
        using var profile = await Admin.PutAsJsonAsync($"/users/{user}", new { displayName = user });
        profile.EnsureSuccessStatusCode();
        using var created = await Admin.PostAsJsonAsync($"/users/{user}/sessions", new { title });
        return (await Json(created))["id"]!.GetValue<string>();
    }

    public async Task<JsonNode> AddMessageAsync(string user, string session, object message)
    {
        using var response = await Admin.PostAsJsonAsync($"/users/{user}/sessions/{session}/messages", message);
        return await Json(response);
    }

    public async Task AddBatchAsync(string user, string session, IEnumerable<object> messages)
    {
        using var response = await Admin.PostAsJsonAsync($"/users/{user}/sessions/{session}/messages/batch", new { messages });
        await Json(response);
    }

    public async Task<JsonNode> PutAsync(string path, object body)
    {
        using var response = await Admin.PutAsJsonAsync(path, body);
        return await Json(response);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleSilo>
{
    public const string Name = "web console in chromium against one silo with API keys";
}
