using ChatDb.Benchmarks.Scenarios;
using ChatDb.Benchmarks.Scenarios.Agents;
using ChatDb.Benchmarks.Scenarios.Bus;
using ChatDb.Benchmarks.Scenarios.Cluster;
using ChatDb.Benchmarks.Scenarios.Memory;
using ChatDb.Benchmarks.Scenarios.Rest;
using ChatDb.Benchmarks.Scenarios.Search;
using ChatDb.Grains.Search;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks;

public static class ScenarioCatalog
{
    private static readonly ReadFixture Reads = new();
    private static readonly SearchGrainFixture SearchGrains = new();
    private static readonly SearchGrainFixture HybridSearchGrains = new(vectors: true);
    private static readonly AgentRunOverheadFixture AgentRuns = new(Durability.Fsync);
    private static readonly AgentRunOverheadFixture BufferedAgentRuns = new(Durability.OsBuffered);
    private static readonly CrossSiloCallFixture CrossSiloCalls = new();
    private static readonly ClusterThroughputFixture ClusterThroughput = new();
    private static readonly ClusterFailoverFixture ClusterFailover = new();
    private static readonly RestFixture Rest = new();

    /// <summary>The scenarios of the benchmark report, in report order; names are stable.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new GrainAppendScenario("append_durable_1_session", writers: 1, durable: true, goal: 1.0),
        new GrainAppendScenario("append_durable_100_sessions", writers: 100, durable: true, goal: 3.0),
        new GrainAppendScenario("append_buffered_100_sessions", writers: 100, durable: false, goal: 2.0),
        new ReadScenario("read_last_100_hot", ReadKind.LastHot, goal: 5.0, Reads),
        new ReadScenario("read_last_100_cold", ReadKind.LastCold, goal: 1.0, Reads),
        new ReadScenario("read_page_deep", ReadKind.PageDeep, goal: 1.0, Reads),
        new SearchFullTextScenario("search_fulltext_1000_sessions", percentile95: false, SearchGrains),
        new SearchFullTextScenario("search_fulltext_1000_sessions_p95", percentile95: true, SearchGrains),
        new SearchFullTextMillionScenario(),
        new SearchLoadScenario("search_fulltext_1000_sessions_64_callers", SearchMode.FullText, SearchLoadFigure.ConcurrentThroughput, HybridSearchGrains),
        new SearchLoadScenario("search_hybrid_1000_sessions", SearchMode.Hybrid, SearchLoadFigure.Median, HybridSearchGrains),
        new SearchLoadScenario("search_hybrid_1000_sessions_p99", SearchMode.Hybrid, SearchLoadFigure.Percentile99, HybridSearchGrains),
        new SearchLoadScenario("search_hybrid_1000_sessions_64_callers", SearchMode.Hybrid, SearchLoadFigure.ConcurrentThroughput, HybridSearchGrains),
        new SearchIndexingScenario(),
        new SearchVectorScenario(),
        new SessionCreateScenario(),
        new ForkScenario(),
        new AppendCostGrowthScenario(),
        new GatewayCallsScenario(),
        new GrainCallInProcessScenario(),
        new IdleActivationBytesScenario(),
        new HeapAfterCollectionScenario(),
        new EmptyActivationBytesScenario(),
        new FenceActivationScenario(),
        new CrossSiloCallScenario("cross_silo_call_us", remote: true, CrossSiloCalls),
        new CrossSiloCallScenario("cross_silo_call_local_us", remote: false, CrossSiloCalls),
        new ClusterThroughputScenario("cluster_throughput_3_silos", threeSilos: true, ClusterThroughput),
        new ClusterThroughputScenario("cluster_throughput_1_silo", threeSilos: false, ClusterThroughput),
        new ClusterFailoverScenario("cluster_failover_seconds", max: false, ClusterFailover),
        new ClusterFailoverScenario("cluster_failover_seconds_max", max: true, ClusterFailover),
        new StorageBytesScenario(),
        new BatchAppendScenario(),
        new TokensFitWindowScenario(),
        new SseReplayScenario(),
        new AgentRunOverheadScenario("agent_run_overhead", percentile99: false, AgentRuns),
        new AgentRunOverheadScenario("agent_run_overhead_p99", percentile99: true, AgentRuns),
        new AgentRunOverheadScenario("agent_run_overhead_buffered", percentile99: false, BufferedAgentRuns),
        new AgentRunOverheadScenario("agent_run_overhead_buffered_p99", percentile99: true, BufferedAgentRuns),
        new AppendWithConcurrentRunScenario(),
        new OrchestrationTurnOverheadScenario("orchestration_turn_overhead", Durability.Fsync),
        new OrchestrationTurnOverheadScenario("orchestration_turn_overhead_buffered", Durability.OsBuffered),
        new MemoryRecallScenario(),
        new BusOverheadScenario("bus_publish_us", delivery: false),
        new BusOverheadScenario("bus_delivery_us", delivery: true),
        new RestScenario("rest_session_create", RestOperation.SessionCreate, goalMilliseconds: 10, Rest),
        new RestScenario("rest_append", RestOperation.Append, goalMilliseconds: 5, Rest),
        new RestScenario("rest_page_100", RestOperation.Page, goalMilliseconds: 50, Rest),
        new RestScenario("rest_search", RestOperation.Search, goalMilliseconds: 200, Rest),
        new RestScenario("rest_upload_10mb", RestOperation.Upload10Mb, goalMilliseconds: 100, Rest),
        new RestThroughputScenario("rest_append_64_connections", append: true, Rest),
        new RestThroughputScenario("rest_page_100_64_connections", append: false, Rest),
        new ClientDoorScenario("client_append", append: true, goalMilliseconds: 5, Rest),
        new ClientDoorScenario("client_page_100", append: false, goalMilliseconds: 50, Rest),
    ];

    /// <summary>
    /// Engine-level scenarios (the append log alone, no grains) and the steps of a cold read taken apart; not in the
    /// report, run by name with <c>--scenario</c> when working on the log or the read path.
    /// </summary>
    public static IReadOnlyList<IScenario> Engine { get; } =
    [
        new LogAppendScenario("log_append_fsync_1_log", logs: 1, appendersPerLog: 1),
        new LogAppendScenario("log_append_fsync_1_log_64_appenders", logs: 1, appendersPerLog: 64),
        new LogAppendScenario("log_append_fsync_100_logs", logs: 100, appendersPerLog: 1),
        new LogReadTailScenario(),
        new ColdReadStepsScenario(),
    ];

    /// <summary>Releases what scenarios share across the run (the read, search and REST fixtures' silos and peer databases).</summary>
    public static async ValueTask DisposeSharedAsync()
    {
        await Reads.DisposeAsync();
        await SearchGrains.DisposeAsync();
        await HybridSearchGrains.DisposeAsync();
        await SearchFixture.DisposeSharedAsync();
        await Rest.DisposeAsync();
    }
}
