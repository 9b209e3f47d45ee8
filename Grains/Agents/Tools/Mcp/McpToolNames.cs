namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>
/// How an agent names an MCP tool: <c>mcp__{server}__{tool}</c>. Underscores rather than dots because model APIs
/// accept only letters, digits, <c>_</c> and <c>-</c> in a function name; a server name never holds <c>__</c>, so the
/// first one after the server ends it and the tool's own name may hold anything after it.
/// </summary>
public static class McpToolNames
{
    public const string Prefix = "mcp__";

    public const string Separator = "__";

    public static string Of(string server, string tool) => Prefix + server + Separator + tool;

    /// <summary>The server and the tool of <paramref name="name"/>, when it has the MCP form.</summary>
    public static bool TryParse(string name, out string server, out string tool)
    {
        server = tool = "";
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name[Prefix.Length..];
        var split = rest.IndexOf(Separator, StringComparison.Ordinal);
        if (split <= 0 || split + Separator.Length >= rest.Length)
        {
            return false;
        }

        server = rest[..split];
        tool = rest[(split + Separator.Length)..];
        return true;
    }
}
