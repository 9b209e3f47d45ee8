using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>The document as a whole: its title and description, the key schemes, the tags' meaning, and a server URL without a trailing slash.</summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Health"] = "Readiness of the silo, for load balancers; needs no key.",
        ["Users"] = "A user's profile, and deleting a user with everything of theirs.",
        ["Sessions"] = "A user's chat sessions.",
        ["Messages"] = "The append-only messages of a session.",
        ["Documents"] = "Files attached to a session, and their analysis.",
        ["Context"] = "The situational context of a session and its history.",
        ["Events"] = "Server-sent events of a session or panel.",
        ["Panels"] = "Multi-persona panels, their conversation and insights.",
        ["Personas"] = "Global and per-user personas, versioned.",
        ["Search"] = "Full-text, vector and hybrid search.",
        ["Admin"] = "Operations on the whole silo (admin keys only).",
        ["Agents"] = "Agent definitions and their versions, the configured models, runs and their traces.",
        ["Panel runs"] = "Multi-agent runs of a panel: strategies, turns, traces and live events.",
        ["Memories"] = "A user's long-term memories: add, recall, extract from sessions.",
        ["Knowledge"] = "A user's knowledge base of documents, and retrieval over it or a session's documents.",
        ["Modules"] = "The modules of this deployment, whether each is on, and their health.",
        ["Cluster"] = "The silos of the cluster and their state.",
        ["Export"] = "A user's or a panel's data as one download (JSON Lines, as chatdb import reads, or one JSON array).",
        ["Trash"] = "Deleted sessions and panels kept for a while: list and restore.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ChatDb REST API",
            Version = "v1",
            Description = "Chat sessions, messages, documents, context, panels and personas stored by a ChatDb silo (docs/API.md). "
                + "Every error is {\"error\": kind, \"message\": text}.",
        };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        ApiSecuritySchemes.AddTo(document);
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in document.Tags)
        {
            if (tag.Name is not null && Tags.TryGetValue(tag.Name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }
}
