using ChatDb.Storage.Keys;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>The agent rows of the GRAIN-LAYOUT table (docs/STORAGE.md, "Agents").</summary>
public sealed partial class FlatfileGrainPaths
{
    private const string AgentState = "agent";
    private const string AgentRunsLog = "runs";
    private const string AgentVersions = "versions";
    private const string AgentCatalogState = "index";
    private const string AgentRunState = "run";
    private const string AgentTraceLog = "trace";

    private static bool IsAgentShape(KeyShape shape) =>
        shape is KeyShape.UserAgent or KeyShape.GlobalAgent or KeyShape.UserAgentCatalog or KeyShape.GlobalAgentCatalog or KeyShape.AgentRun
        or KeyShape.GlobalAgentRun or KeyShape.GlobalAgentRuns;

    private static ParsedKey? ParseAgentKey(Orleans.Runtime.GrainId grainId, string type, string key)
    {
        switch (type)
        {
            case AgentGrainTypes.Agent:
                var agent = ChatGrainKeys.ParseAgent(key);
                return agent.UserId is { } owner
                    ? new ParsedKey(grainId, type, KeyShape.UserAgent, [owner, agent.AgentId])
                    : new ParsedKey(grainId, type, KeyShape.GlobalAgent, [agent.AgentId]);
            case AgentGrainTypes.AgentCatalog:
                return ChatGrainKeys.ParseAgentCatalog(key) is { } user
                    ? new ParsedKey(grainId, type, KeyShape.UserAgentCatalog, [user])
                    : new ParsedKey(grainId, type, KeyShape.GlobalAgentCatalog, []);
            case AgentGrainTypes.AgentRun:
                var run = ChatGrainKeys.ParseAgentRun(key);
                return new ParsedKey(grainId, type, run.GlobalAgent ? KeyShape.GlobalAgentRun : KeyShape.AgentRun, [run.UserId, run.AgentId, run.RunId]);
            case AgentGrainTypes.GlobalAgentRuns:
                var (runner, globalAgent) = ChatGrainKeys.ParseGlobalAgentRuns(key);
                return new ParsedKey(grainId, type, KeyShape.GlobalAgentRuns, [runner, globalAgent]);
            default:
                return null;
        }
    }

    /// <summary>The owner of an agent or catalog key (null: global) and the agent id when there is one.</summary>
    private static (string? UserId, string? AgentId) AgentScope(ParsedKey key) => key.Shape switch
    {
        KeyShape.UserAgent => (key[0], key[1]),
        KeyShape.GlobalAgent => (null, key[0]),
        KeyShape.UserAgentCatalog => (key[0], null),
        _ => (null, null),
    };

    private string MapAgentState(ParsedKey key, string name)
    {
        var (user, agent) = AgentScope(key);
        return (key.Shape, name) switch
        {
            (KeyShape.UserAgent or KeyShape.GlobalAgent, AgentState) => _layout.AgentFile(user, agent!),
            (KeyShape.UserAgent or KeyShape.GlobalAgent, _) => throw Unmapped(key, "state", name, AgentState),
            (KeyShape.UserAgentCatalog or KeyShape.GlobalAgentCatalog, AgentCatalogState) => _layout.AgentCatalogFile(user),
            (KeyShape.UserAgentCatalog or KeyShape.GlobalAgentCatalog, _) => throw Unmapped(key, "state", name, AgentCatalogState),
            (KeyShape.AgentRun or KeyShape.GlobalAgentRun, AgentRunState) =>
                _layout.AgentRunFile(key[0], key[1], key[2], key.Shape == KeyShape.GlobalAgentRun),
            (KeyShape.GlobalAgentRuns, _) => throw Unmapped(key, "state", name),
            _ => throw Unmapped(key, "state", name, AgentRunState),
        };
    }

    private string MapAgentLog(ParsedKey key, string name) => (key.Shape, name) switch
    {
        (KeyShape.UserAgent, AgentRunsLog) => _layout.AgentRunListFile(key[0], key[1]),
        (KeyShape.GlobalAgent, AgentRunsLog) => _layout.AgentRunListFile(null, key[0]),
        (KeyShape.UserAgent or KeyShape.GlobalAgent, _) => throw Unmapped(key, "log", name, AgentRunsLog),
        (KeyShape.GlobalAgentRuns, AgentRunsLog) => _layout.GlobalAgentRunListFile(key[0], key[1]),
        (KeyShape.GlobalAgentRuns, _) => throw Unmapped(key, "log", name, AgentRunsLog),
        (KeyShape.AgentRun or KeyShape.GlobalAgentRun, AgentTraceLog) =>
            _layout.AgentTraceFile(key[0], key[1], key[2], key.Shape == KeyShape.GlobalAgentRun),
        (KeyShape.AgentRun or KeyShape.GlobalAgentRun, _) => throw Unmapped(key, "log", name, AgentTraceLog),
        _ => throw Unmapped(key, "log", name),
    };

    private GrainFileCollection MapAgentFiles(ParsedKey key, string name)
    {
        var (user, agent) = AgentScope(key);
        return (key.Shape, name) switch
        {
            (KeyShape.UserAgent or KeyShape.GlobalAgent, AgentVersions) => Collection(key, name, _layout.AgentVersionsDirectory(user, agent!), VersionFile),
            (KeyShape.UserAgent or KeyShape.GlobalAgent, _) => throw Unmapped(key, "files collection", name, AgentVersions),
            _ => throw Unmapped(key, "files collection", name),
        };
    }

    /// <summary>
    /// An agent owns its latest version, its run list (the log with its side files), its versions and its runs directory (the run grains remove their
    /// records first); a run its record and trace; a user's list of runs of a global agent that list and their directory;
    /// a catalog its index.
    /// </summary>
    private GrainFootprint MapAgentFootprint(ParsedKey key)
    {
        var (user, agent) = AgentScope(key);
        return key.Shape switch
        {
            KeyShape.UserAgent => new GrainFootprint(
                [_layout.AgentVersionsDirectory(user, agent!), _layout.AgentRunsDirectory(user!, agent!)],
                [_layout.AgentFile(user, agent!), .. FlatfileGrainLogStorage.LogFiles(_layout.AgentRunListFile(user, agent!))]),
            KeyShape.GlobalAgent => new GrainFootprint(
                [_layout.AgentVersionsDirectory(null, agent!)], [_layout.AgentFile(null, agent!), .. FlatfileGrainLogStorage.LogFiles(_layout.AgentRunListFile(null, agent!))]),
            KeyShape.AgentRun or KeyShape.GlobalAgentRun => new GrainFootprint([], [
                _layout.AgentRunFile(key[0], key[1], key[2], key.Shape == KeyShape.GlobalAgentRun),
                _layout.AgentTraceFile(key[0], key[1], key[2], key.Shape == KeyShape.GlobalAgentRun)]),
            KeyShape.GlobalAgentRuns => new GrainFootprint(
                [_layout.AgentRunsDirectory(key[0], key[1], globalAgent: true)], FlatfileGrainLogStorage.LogFiles(_layout.GlobalAgentRunListFile(key[0], key[1]))),
            _ => new GrainFootprint([], [_layout.AgentCatalogFile(user)]),
        };
    }
}
