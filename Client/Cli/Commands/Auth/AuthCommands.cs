using System.CommandLine;
using System.Text;
using System.Text.Json;
using ChatDb.Grains.Security;
using ChatDb.Storage.Ids;

namespace ChatDb.Cli.Commands.Auth;

/// <summary>
/// <c>chatdb auth new-key</c>: make a random 256-bit API key, print it once with the configuration the silo
/// needs (only its SHA-256 digest). Nothing is stored or sent anywhere.
/// </summary>
public static class AuthCommands
{
    public const string KeyPrefix = "chatdb_";
    public const int BadArguments = 2;

    public static Command Create()
    {
        var auth = new Command("auth", "Make API keys (docs/SECURITY.md).");
        auth.Subcommands.Add(NewKey());
        return auth;
    }

    private static Command NewKey()
    {
        var scope = new Option<string>("--scope") { Description = "admin, or user:{userId} for a key that reaches only that user's routes.", Required = true };
        var name = new Option<string>("--name") { Description = "The key's name in logs and errors (default: the user id, or 'admin')." };
        var json = new Option<bool>("--json") { Description = "Print {key, config} as JSON." };
        var command = new Command("new-key", "Make an API key for the REST API and print it once with its Auth:ApiKeys entry.") { scope, name, json };
        command.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var scopeText = parse.GetValue(scope)!;
            if (ScopeError(scopeText) is { } error)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"chatdb auth new-key: invalid: --scope {error}").ConfigureAwait(false);
                return BadArguments;
            }

            var keyName = parse.GetValue(name) is { Length: > 0 } given ? given : scopeText == "admin" ? "admin" : scopeText["user:".Length..];
            var key = SecretDigest.NewToken(KeyPrefix);
            var hash = SecretDigest.Format(SecretDigest.Compute(key));
            var entry = Json(writer =>
            {
                writer.WriteString("Name", keyName);
                writer.WriteString("Hash", hash);
                writer.WriteString("Scope", scopeText);
            });
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(Json(writer =>
                {
                    writer.WriteString("key", key);
                    writer.WritePropertyName("config");
                    writer.WriteRawValue(entry);
                })).ConfigureAwait(false);
                return 0;
            }

            await output.WriteLineAsync("API key (shown only now; the silo keeps just its hash):").ConfigureAwait(false);
            await output.WriteLineAsync("  " + key).ConfigureAwait(false);
            await output.WriteLineAsync("Add this entry to Auth:ApiKeys in the silo's configuration:").ConfigureAwait(false);
            await output.WriteLineAsync("  " + entry).ConfigureAwait(false);
            await output.WriteLineAsync("or as environment variables, N being the entry's index:").ConfigureAwait(false);
            await output.WriteLineAsync($"  CHATDB_AUTH__APIKEYS__N__NAME={keyName}").ConfigureAwait(false);
            await output.WriteLineAsync($"  CHATDB_AUTH__APIKEYS__N__HASH={hash}").ConfigureAwait(false);
            await output.WriteLineAsync($"  CHATDB_AUTH__APIKEYS__N__SCOPE={scopeText}").ConfigureAwait(false);
            await output.WriteLineAsync("Clients send it as 'Authorization: Bearer <key>' (or 'X-Api-Key: <key>').").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Why <paramref name="scope"/> is not a scope the silo accepts (the same rule as its <c>Auth:ApiKeys:N:Scope</c>), or null.</summary>
    internal static string? ScopeError(string scope)
    {
        if (scope == "admin")
        {
            return null;
        }

        if (!scope.StartsWith("user:", StringComparison.Ordinal))
        {
            return $"must be 'admin' or 'user:{{userId}}' (was '{scope}').";
        }

        var userId = scope["user:".Length..];
        return EntityIdValidator.FindViolation(userId) is { } rule ? EntityIdValidator.Rejected("user id", userId, rule).Message : null;
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
