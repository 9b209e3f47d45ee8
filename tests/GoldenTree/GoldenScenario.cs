using System.Globalization;
using System.Text;

namespace ChatDb.GoldenTree;

/// <summary>What the scenario wrote that the read-back cannot list by itself (there is no route listing users or panels).</summary>
internal sealed record WrittenTree(IReadOnlyList<string> Users, IReadOnlyList<string> Panels, string TripSessionId);

/// <summary>
/// The data of the golden tree, written through the REST API: users with profiles, sessions with messages of
/// every role (metadata, attachments, emoji, right-to-left and CJK text, escapes, a long message, given
/// timestamps), documents (text and binary, with analysis), situational context with history, personas of
/// users and global ones with several versions, and panels with messages, persona snapshots and insights.
/// </summary>
internal sealed class GoldenScenario(ScenarioClient api)
{
    public const string Alice = "alice";
    public const string Bob = "bob_o-neil.2";
    public const string Carol = "carol";

    public async Task<WrittenTree> WriteAsync()
    {
        await WriteGlobalPersonasAsync();
        var trip = await WriteAliceAsync();
        await WriteBobAsync();
        await api.PutAsync($"/users/{Carol}", new { displayName = "Carol", data = new { empty = new { }, list = Array.Empty<int>() } });
        var panels = await WritePanelsAsync();

        // A version saved after the panels started: their snapshots keep version 2.
        await api.PutAsync("/personas/historian", new
        {
            name = "Historian",
            era = "early modern Europe",
            style = "cites sources; doubts single causes",
            temperature = 0.3,
        });
        return new WrittenTree([Alice, Bob, Carol], panels, trip);
    }

    private async Task<string> WriteAliceAsync()
    {
        await api.PutAsync($"/users/{Alice}", new
        {
            displayName = "Alice Martín",
            preferences = new { theme = "dark", language = "pt-PT", notifications = new { email = true, push = false } },
            data = new { plan = "pro", tags = new[] { "beta", "early-access" }, credits = 1250, ratio = 0.75 },
        });
        await api.PatchAsync($"/users/{Alice}", new Dictionary<string, object?>
        {
            ["displayName"] = "Alice Martín 🌍",
            ["preferences"] = new Dictionary<string, object?> { ["language"] = null, ["timezone"] = "Europe/Lisbon" },
        });

        var trip = await WriteTripSessionAsync();
        await WritePoolSessionAsync();
        await api.PostAsync($"/users/{Alice}/sessions", body: null);

        await api.PutAsync($"/users/{Alice}/personas/travel-guide", new { name = "Travel guide", style = "concise", languages = new[] { "en", "pt" } });
        await api.PutAsync($"/users/{Alice}/personas/travel-guide", new
        {
            name = "Travel guide",
            style = "warm and concise",
            languages = new[] { "en", "pt", "es" },
            temperature = 0.4,
        });
        await api.PutAsync($"/users/{Alice}/personas/chef", new { name = "Chef", cuisine = "Portuguese", dietary = new { vegetarian = true } });
        return trip;
    }

    private async Task<string> WriteTripSessionAsync()
    {
        var session = await api.PostAsync($"/users/{Alice}/sessions", new
        {
            title = "Trip planning: Lisbon in May",
            metadata = new { channel = "web", priority = 2, labels = new[] { "travel", "family" }, client = new { name = "chatdb-web", version = "1.4.0" } },
        });
        var id = session!["id"]!.GetValue<string>();
        var path = $"/users/{Alice}/sessions/{id}";
        var messages = path + "/messages";

        await api.PostAsync(messages, new
        {
            id = "trip-0001",
            role = "system",
            content = "You are a helpful travel assistant. Answer briefly; use metric units.",
            metadata = new { source = "template", template_id = "travel-v2" },
        });
        await api.PostAsync(messages, new { id = "trip-0002", role = "user", content = "Is Lisbon nice in May? We are 2 adults + 1 kid 👨‍👩‍👧 and we love trams 🚋." });
        await api.PostAsync(messages, new
        {
            role = "assistant",
            content = "Yes — May is one of the best months: 22–25 °C, long days, fewer crowds than summer. Ride **tram 28** early in the morning, before 8:00.",
            metadata = new { model = "gpt-4o-mini", tokens = new { prompt = 212, completion = 164 }, latency_ms = 812.5, finish_reason = "stop" },
        });

        await api.PutBytesAsync(path + "/documents/itinerary.txt", Encoding.UTF8.GetBytes(Itinerary), "text/plain; charset=utf-8");
        await api.PutBytesAsync(path + "/documents/map.png", MapBytes(), "application/octet-stream");
        await api.PutAsync(path + "/documents/itinerary.txt/analysis", new
        {
            summary = "Three-day itinerary",
            entities = new { places = new[] { "Alfama", "Belém", "Sintra" } },
            pages = 1,
            language = "en",
        });
        await api.PutAsync(path + "/documents/itinerary.txt/analysis", new Dictionary<string, object?> { ["language"] = null, ["reviewed"] = true });

        await api.PostAsync(messages, new
        {
            id = "trip-0004",
            role = "user",
            content = "Here is our draft itinerary and a map. Can you check day 3?",
            attachments = new[] { "itinerary.txt", "map.png" },
        });
        await api.PostAsync(messages, new
        {
            role = "assistant",
            content = LongAnswer(),
            metadata = new { model = "gpt-4o", tokens = new { prompt = 1024, completion = 2900 }, latency_ms = 6120.25 },
        });
        await api.PostAsync(messages, new
        {
            id = "trip-0006",
            role = "user",
            content = "My colleague wrote «مرحبا، هل يمكننا زيارة سينترا؟» and another one «שלום, מה שלומך?» \u200F— what do they mean?",
        });
        await api.PostAsync(messages, new
        {
            id = "trip-0007",
            role = "assistant",
            content = "The Arabic says “Hello, can we visit Sintra?”, the Hebrew “Hello, how are you?”. For comparison: 東京 is Tokyo, Αθήνα is Athens, Ελλάδα is Greece.",
            metadata = new { model = "gpt-4o-mini", languages = new[] { "ar", "he", "ja", "el" } },
        });
        await api.PostAsync(messages, new
        {
            id = "trip-0008",
            role = "user",
            content = "Checklist:\n\t- passport \"valid\"\n\t- adaptor (type F) \\ C\r\n\u2028a line separator, a paragraph separator\u2029and a quote ' end",
            timestamp = "2026-03-04T05:00:00.6543219+01:00",
        });
        await api.PostAsync(messages, new { id = "trip-0009", role = "system", content = "Context window trimmed.", metadata = new { @event = "trim", dropped = 0 } });
        await api.PostAsync(messages, new
        {
            id = "trip-0010",
            role = "assistant",
            content = "Crème brûlée? In Lisbon try pastéis de nata instead — Belém is the classic place, and the tram stops right there.",
        });

        var context = path + "/context";
        await api.PutAsync(context, new
        {
            summary = "Family trip to Lisbon in May",
            keyPoints = new[] { "2 adults, 1 child", "likes trams" },
            entities = new { places = new[] { "Lisbon" }, dates = new[] { "May" } },
            confidence = 0.6,
        });
        await api.PostAsync(context + "/snapshots", body: null);
        await api.PutAsync(context, new
        {
            summary = "Family trip to Lisbon and Sintra, 3 days in May",
            keyPoints = new[] { "2 adults, 1 child", "likes trams", "day trip to Sintra" },
            entities = new { places = new[] { "Lisbon", "Sintra", "Belém" }, people = new[] { "Alice" } },
            confidence = 0.85,
        });
        await api.PostAsync(context + "/snapshots", body: null);
        await api.PutAsync(context, new
        {
            summary = "Itinerary agreed: Alfama, Belém, Sintra; tram 28 at 8:00",
            keyPoints = new[] { "Alfama on day 1", "Belém on day 2", "Sintra on day 3" },
            entities = new { places = new[] { "Alfama", "Belém", "Sintra" }, transport = new[] { "tram 28" } },
            confidence = 0.92,
            timestamp = "2026-03-04T05:10:00.5Z",
        });
        await api.PostAsync(context + "/snapshots", new { summary = "Note for later: book Pena Palace tickets", confidence = 0.7 });

        await api.PatchAsync(path, new Dictionary<string, object?>
        {
            ["title"] = "Trip planning: Lisbon & Sintra in May",
            ["metadata"] = new Dictionary<string, object?> { ["priority"] = 1, ["labels"] = null, ["status"] = "planned" },
        });
        return id;
    }

    private async Task WritePoolSessionAsync()
    {
        var session = await api.PostAsync($"/users/{Alice}/sessions", new { title = "Débogage du pool de connexions", metadata = new { channel = "cli" } });
        var path = $"/users/{Alice}/sessions/{session!["id"]!.GetValue<string>()}";
        string[] turns =
        [
            "Our API times out under load. Postgres logs show 'too many clients'.",
            "That is usually the connection pool: each instance opens its own pool, and together they exceed max_connections.",
            "We run 12 instances with a pool size of 20 each. max_connections is 100.",
            "12 × 20 = 240 connections, far above 100. Lower the pool size to 6, or put PgBouncer in transaction mode in front of Postgres.",
            "Would MySQL behave differently?",
            "MySQL has the same limit (max_connections); a connection pool per instance multiplies the same way.",
            "What timeout should the pool use when it is exhausted?",
            "Fail fast: 2–5 seconds, then return 503 so the load balancer retries elsewhere.",
            "Merci ! Le pool de connexions est stable maintenant.",
            "Parfait. Surveillez « pg_stat_activity » pendant une semaine.",
            "One more: does PgBouncer support prepared statements?",
            "Since version 1.21, yes, in transaction mode with max_prepared_statements set.",
        ];
        for (var i = 0; i < turns.Length; i++)
        {
            var role = i % 2 == 0 ? "user" : "assistant";
            object message = i % 4 == 3
                ? new { role, content = turns[i], metadata = new { model = "gpt-4o-mini", turn = i + 1 } }
                : new { id = string.Create(CultureInfo.InvariantCulture, $"pool-{i + 1:00}"), role, content = turns[i] };
            await api.PostAsync(path + "/messages", message);
        }

        await api.PutAsync(path + "/context", new
        {
            summary = "Postgres connection pool exhausted: 12 instances × 20 > max_connections 100",
            keyPoints = new[] { "lower pool size", "PgBouncer in transaction mode" },
            entities = new { software = new[] { "Postgres", "PgBouncer", "MySQL" } },
            confidence = 0.9,
        });
    }

    private async Task WriteBobAsync()
    {
        await api.PutAsync($"/users/{Bob}", new { displayName = "Bob O'Neil" });
        var session = await api.PostAsync($"/users/{Bob}/sessions", new { title = "Garden notes" });
        var path = $"/users/{Bob}/sessions/{session!["id"]!.GetValue<string>()}";
        await api.PostAsync(path + "/messages", new { id = "g1", role = "user", content = "When should I plant tomatoes? 🍅" });
        await api.PostAsync(path + "/messages", new { id = "g2", role = "assistant", content = "After the last frost, when the soil is above 15 °C — usually mid-May." });
        await api.PostAsync(path + "/messages", new { id = "g3", role = "user", content = "And garlic in the garden?" });
        await api.PutAsync(path + "/context", new { summary = "Vegetable garden planning", confidence = 0.5 });

        // More than 64 messages: the log gets its sparse offset index (messages.jsonl.idx).
        var log = await api.PostAsync($"/users/{Bob}/sessions", new { title = "Garden log", metadata = new { kind = "journal" } });
        var logPath = $"/users/{Bob}/sessions/{log!["id"]!.GetValue<string>()}/messages";
        for (var day = 1; day <= GardenLogDays; day++)
        {
            await api.PostAsync(logPath, new
            {
                id = string.Create(CultureInfo.InvariantCulture, $"log-{day:000}"),
                role = day % 10 == 0 ? "assistant" : "user",
                content = day % 10 == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"Summary of days {day - 9}–{day}: {day * 3} mm of rain in total, tomatoes growing well.")
                    : string.Create(CultureInfo.InvariantCulture, $"Day {day}: watered the tomatoes, {day % 7} mm of rain, {12 + (day % 9)} °C at dawn."),
            });
        }
    }

    /// <summary>Messages in the garden log: past the first 64, so the sparse index has two entries.</summary>
    private const int GardenLogDays = 70;

    private async Task WriteGlobalPersonasAsync()
    {
        await api.PutAsync("/personas/historian", new { name = "Historian", era = "early modern Europe" });
        await api.PutAsync("/personas/historian", new { name = "Historian", era = "early modern Europe", style = "cites sources" });
        await api.PutAsync("/personas/economist", new { name = "Economist", school = "monetarist" });
        await api.PutAsync("/personas/economist", new { name = "Economist", school = "pragmatic", focus = new[] { "prices", "money supply" } });
        await api.PutAsync("/personas/skeptic", new { name = "Skeptic", asks = "what is the evidence?" });
    }

    private async Task<IReadOnlyList<string>> WritePanelsAsync()
    {
        // "futurist" is not a global persona: the panel lists it but takes no snapshot of it.
        var panel = await api.PostAsync("/panels", new
        {
            type = "multi_persona",
            personas = new[] { "historian", "economist", "futurist" },
            config = new { topic = "Did the printing press cause inflation?", rounds = 2, strategy = "round_robin", moderated = true },
        });
        var first = panel!["id"]!.GetValue<string>();
        string[][] turns =
        [
            ["moderator", "Welcome. Topic: did the printing press cause inflation in 16th-century Europe?"],
            ["user", "I think silver imports mattered more than printing."],
            ["historian", "The printing press spread price information quickly, but prices rose for other reasons."],
            ["economist", "The price revolution was mostly monetary: silver from Potosí grew the money supply."],
            ["futurist", "Today's analogue: does fast information move prices, or only money does?"],
            ["system", "Round 1 closed."],
            ["historian", "Printed almanacs did publish grain prices; that is information, not inflation."],
            ["economist", "Agreed. Inflation needs more money chasing goods; printing changed who knew the price."],
        ];
        foreach (var turn in turns)
        {
            await api.PostAsync($"/panels/{first}/messages", new { role = turn[0], content = turn[1] });
        }

        await api.PostAsync($"/panels/{first}/messages", new
        {
            id = "closing-1",
            role = "moderator",
            content = "Thank you both. 📚💰",
            metadata = new { round = 2, final = true },
        });
        await api.PostAsync($"/panels/{first}/insights", new
        {
            summary = "Consensus: silver imports, not printing, drove the inflation.",
            confidence = 0.74,
            supporters = new[] { "economist", "historian" },
        });
        await api.PostAsync($"/panels/{first}/insights", new { summary = "Open question: does information speed change prices?", tags = new[] { "follow-up" } });

        var debate = await api.PostAsync("/panels", new { type = "debate", personas = new[] { "skeptic" } });
        var second = debate!["id"]!.GetValue<string>();
        await api.PostAsync($"/panels/{second}/messages", new { role = "user", content = "Is remote work here to stay?" });
        await api.PostAsync($"/panels/{second}/messages", new { role = "skeptic", content = "The evidence is mixed: remote work productivity depends on the task." });
        return [first, second];
    }

    private const string Itinerary =
        "Day 1: Alfama 🏰 — Castelo de São Jorge, fado in the evening\n"
        + "Day 2: Belém — Jerónimos, pastéis de nata\n"
        + "Day 3: Sintra (Pena Palace), back by train\n";

    /// <summary>A small binary file: the PNG signature, then every byte value once.</summary>
    private static byte[] MapBytes() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 256).Select(i => (byte)i)];

    /// <summary>About 12 KB of markdown (84 lines): a long assistant answer.</summary>
    private static string LongAnswer()
    {
        var text = new StringBuilder("Here is a detailed plan for the three days, hour by hour.\n\n");
        for (var hour = 0; hour < 84; hour++)
        {
            var day = (hour / 28) + 1;
            var clock = 8 + (hour % 28 / 2);
            var minute = hour % 2 * 30;
            text.Append(CultureInfo.InvariantCulture,
                $"- **Day {day}, {clock:00}:{minute:00}** — walk {hour + 1}: from the tram stop to the next viewpoint (miradouro), about {300 + (hour * 37)} m; drink water, the sun is strong in May.\n");
        }

        text.Append("\nSintra note: buy Pena Palace tickets online; the 434 bus loops through the sights. Bom passeio! 🚋");
        return text.ToString();
    }
}
