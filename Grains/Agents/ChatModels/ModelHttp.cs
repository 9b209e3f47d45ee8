namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>The HTTP client of one network model: its own connection pool, bounded by the model's timeout.</summary>
internal static class ModelHttp
{
    public static HttpClient Client(ModelEntry model) => new(new SocketsHttpHandler
    {
        // Connections are renewed now and then, so a model server moved behind the same name is found again.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(Math.Min(model.TimeoutSeconds, 30)),
    })
    {
        Timeout = TimeSpan.FromSeconds(model.TimeoutSeconds),
    };
}
