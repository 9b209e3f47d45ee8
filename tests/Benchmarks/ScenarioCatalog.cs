using ChatDb.Benchmarks.Scenarios;

namespace ChatDb.Benchmarks;

public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new LogAppendScenario("log_append_fsync_1_log", logs: 1, appendersPerLog: 1),
        new LogAppendScenario("log_append_fsync_1_log_64_appenders", logs: 1, appendersPerLog: 64),
        new LogAppendScenario("log_append_fsync_100_logs", logs: 100, appendersPerLog: 1),
        new LogReadTailScenario(),
    ];
}
