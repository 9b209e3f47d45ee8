using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Grain keys, parsed by the shared codec (<see cref="ChatGrainKeys"/>), which checks the number of
/// segments per type and validates every segment; here they only pick the place in the layout.
/// </summary>
public sealed partial class FlatfileGrainPaths
{
    private enum KeyShape
    {
        User,
        Session,
        Panel,
        PanelRun,
        GlobalPersona,
        UserPersona,
        GlobalCatalog,
        UserCatalog,
        Search,
        UserAgent,
        GlobalAgent,
        UserAgentCatalog,
        GlobalAgentCatalog,
        AgentRun,
        GlobalAgentRun,
        GlobalAgentRuns,
        UserMemory,
        UserKnowledge,
        Generic,
    }

    /// <summary>A grain key whose segments passed validation, with the grain type's name as text.</summary>
    private sealed record ParsedKey(GrainId GrainId, string Type, KeyShape Shape, string[] Segments)
    {
        public string this[int index] => Segments[index];
    }

    private ParsedKey Parse(GrainId grainId)
    {
        var type = grainId.Type.ToString();
        var key = grainId.Key.ToString();
        switch (type)
        {
            case ChatGrainTypes.User:
                return new ParsedKey(grainId, type, KeyShape.User, [ChatGrainKeys.ParseUser(key)]);

            case ChatGrainTypes.Session:
                var session = ChatGrainKeys.ParseSession(key, _layout.Ids);
                return new ParsedKey(grainId, type, KeyShape.Session, [session.UserId, session.SessionId]);

            case ChatGrainTypes.Panel:
                return new ParsedKey(grainId, type, KeyShape.Panel, [ChatGrainKeys.ParsePanel(key, _layout.Ids)]);

            case ChatGrainTypes.PanelRun:
                var (runPanel, runId) = ChatGrainKeys.ParsePanelRun(key, _layout.Ids);
                return new ParsedKey(grainId, type, KeyShape.PanelRun, [runPanel, runId]);

            case ChatGrainTypes.Persona:
                var persona = ChatGrainKeys.ParsePersona(key);
                return persona.UserId is { } owner
                    ? new ParsedKey(grainId, type, KeyShape.UserPersona, [owner, persona.PersonaId])
                    : new ParsedKey(grainId, type, KeyShape.GlobalPersona, [persona.PersonaId]);

            case ChatGrainTypes.PersonaCatalog:
                return ChatGrainKeys.ParsePersonaCatalog(key) is { } user
                    ? new ParsedKey(grainId, type, KeyShape.UserCatalog, [user])
                    : new ParsedKey(grainId, type, KeyShape.GlobalCatalog, []);

            case ChatGrainTypes.Search:
                return new ParsedKey(grainId, type, KeyShape.Search, [ChatGrainKeys.ParseSearch(key)]);

            case MemoryGrainTypes.Memory:
                return new ParsedKey(grainId, type, KeyShape.UserMemory, [ChatGrainKeys.ParseMemory(key)]);

            case KnowledgeGrainTypes.Knowledge:
                return new ParsedKey(grainId, type, KeyShape.UserKnowledge, [ChatGrainKeys.ParseKnowledge(key)]);

            case AgentGrainTypes.Agent or AgentGrainTypes.AgentCatalog or AgentGrainTypes.AgentRun or AgentGrainTypes.GlobalAgentRuns:
                return ParseAgentKey(grainId, type, key)!;

            default:
                // The type becomes a directory name of the generic layout, so it follows the id rules too.
                EntityIdValidator.Validate(type, "grain type");
                return new ParsedKey(grainId, type, KeyShape.Generic, ChatGrainKeys.ParseSegments(key));
        }
    }
}
