namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>
/// One MCP server of the configuration (<c>Mcp:Servers:{name}</c>), reached over <c>stdio</c> (a process the silo
/// starts) or <c>http</c> (streamable HTTP). <see cref="ApiKey"/>, <see cref="ApiKeyFile"/> and the values of
/// <see cref="Environment"/> are secrets: <see cref="ToString"/> leaves them out, and no log, trace or error carries them.
/// </summary>
public sealed class McpServerEntry
{
    /// <summary><c>stdio</c> or <c>http</c>.</summary>
    public string? Transport { get; set; }

    /// <summary>stdio: the program to start.</summary>
    public string? Command { get; set; }

    /// <summary>stdio: its arguments, one item each.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>stdio: the directory it starts in; the silo's own by default.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>stdio: variables added to (or replacing those of) the silo's environment.</summary>
    public Dictionary<string, string?> Environment { get; set; } = [];

    /// <summary>http: the server's absolute http:// or https:// URL.</summary>
    public string? Endpoint { get; set; }

    /// <summary>http: sent as <c>Authorization: Bearer {key}</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>http: a file holding the key, read once at start.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>How long connecting (starting the process, the handshake and the tool list) may take.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    public override string ToString() => Transport == McpTransports.Http ? $"http {Endpoint}" : $"stdio {Command}";
}
