using ChatDb.Runtime;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>Grain keys: split on '/', the number of segments checked per type, every segment validated.</summary>
public sealed partial class FlatfileGrainPaths
{
    private enum KeyShape
    {
        User,
        Session,
        Panel,
        GlobalPersona,
        UserPersona,
        GlobalCatalog,
        UserCatalog,
        Search,
        Generic,
    }

    /// <summary>A grain key whose segments passed validation.</summary>
    private sealed record ParsedKey(GrainId GrainId, KeyShape Shape, string[] Segments)
    {
        public string this[int index] => Segments[index];
    }

    private ParsedKey Parse(GrainId grainId)
    {
        var type = grainId.Type.Value;
        var segments = (grainId.Key ?? string.Empty).Split('/');
        switch (type)
        {
            case ChatGrainTypes.User:
                Expect(grainId, segments, 1, "{userId}");
                return new ParsedKey(grainId, KeyShape.User, [UserId(segments[0])]);

            case ChatGrainTypes.Session:
                Expect(grainId, segments, 2, "{userId}/{sessionId}");
                return new ParsedKey(grainId, KeyShape.Session,
                    [UserId(segments[0]), _layout.Ids.Validate(GeneratedIdKind.Session, segments[1])]);

            case ChatGrainTypes.Panel:
                Expect(grainId, segments, 1, "{panelId}");
                return new ParsedKey(grainId, KeyShape.Panel, [_layout.Ids.Validate(GeneratedIdKind.Panel, segments[0])]);

            case ChatGrainTypes.Persona when segments.Length == 2:
                return new ParsedKey(grainId, KeyShape.UserPersona, [UserId(segments[0]), PersonaId(segments[1])]);

            case ChatGrainTypes.Persona:
                Expect(grainId, segments, 1, "{personaId} (global) or {userId}/{personaId}");
                return new ParsedKey(grainId, KeyShape.GlobalPersona, [PersonaId(segments[0])]);

            case ChatGrainTypes.PersonaCatalog:
                Expect(grainId, segments, 1, $"'{ChatGrainTypes.GlobalCatalogKey}' or {{userId}}");
                return segments[0] == ChatGrainTypes.GlobalCatalogKey
                    ? new ParsedKey(grainId, KeyShape.GlobalCatalog, [])
                    : new ParsedKey(grainId, KeyShape.UserCatalog, [UserId(segments[0])]);

            case ChatGrainTypes.Search:
                Expect(grainId, segments, 1, "{userId}");
                return new ParsedKey(grainId, KeyShape.Search, [UserId(segments[0])]);

            default:
                EntityIdValidator.Validate(type, "grain type");
                foreach (var segment in segments)
                {
                    EntityIdValidator.Validate(segment, "grain key segment");
                }

                return new ParsedKey(grainId, KeyShape.Generic, segments);
        }
    }

    private static void Expect(GrainId grainId, string[] segments, int count, string form)
    {
        if (segments.Length != count)
        {
            throw WrongShape(grainId, form, segments.Length);
        }
    }

    private static string UserId(string value) => EntityIdValidator.Validate(value, "user id");

    private static string PersonaId(string value) => EntityIdValidator.Validate(value, "persona id");
}
