package org.reshard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.reshard.common.Result;
import org.reshard.query.Page;
import org.reshard.query.QueryEngine;
import org.reshard.query.QueryExplain;
import org.reshard.query.QueryRequest;
import org.reshard.query.QueryResult;
import org.reshard.query.ResultCsv;
import org.reshard.query.ResultJson;
import org.reshard.query.ResultMode;
import org.reshard.query.ShardReport;
import org.reshard.shard.ShardPools;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reshard query}: one SELECT on every (or the chosen) shard, merged into the single-database answer. */
@Command(name = "query", mixinStandardHelpOptions = true,
        header = "Run a SELECT on the shards in parallel and merge the rows exactly.",
        description = {"Merges COUNT, SUM, MIN, MAX, AVG, GROUP BY/HAVING, DISTINCT, ORDER BY and LIMIT/OFFSET;",
                "what cannot be merged exactly is refused.",
                "Each shard reads only the rows it owns under the topology; shard-key equalities run on the owners only;",
                "reference tables read one shard; co-located and reference joins run per shard. Warnings go to stderr.",
                "Read-only unless --allow-writes. Exit 0 also for a partial result (failed shards are listed), 3 on failure."})
final class QueryCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { TABLE, CSV, JSON }

    @Spec
    private CommandSpec spec;

    @Option(names = "--topology", required = true, paramLabel = "T.json", description = "The topology file.")
    private Path topologyFile;

    @Option(names = "--shards", split = ",", paramLabel = "a,b", description = "Only these shards (default: all).")
    private List<String> shards = new ArrayList<>();

    @Option(names = "--parallelism", paramLabel = "N", description = "Shards queried at once (default: all).")
    private int parallelism;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "15s",
            description = "Cancel shards still running after this long, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--no-partial", description = "Fail (reshard.query.partial_failure) when any shard fails, instead of answering from the others.")
    private boolean noPartial;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", description = "Output format (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--allow-writes", description = "Unlock writes: run in read-write transactions and accept INSERT/UPDATE/DELETE (one transaction per shard).")
    private boolean allowWrites;

    @Option(names = "--raw", description = "Do not merge: each shard's rows as they are, the first column naming the shard.")
    private boolean raw;

    @Option(names = "--page", paramLabel = "N", description = "Only page N (from 1) of the result.")
    private Integer page;

    @Option(names = "--page-size", paramLabel = "N", description = "Rows per page (default 50 when --page is given).")
    private Integer pageSize;

    @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSizeConverter.class, defaultValue = "512MB",
            description = "Memory a federated query may hold before it fails with reshard.query.too_large (default: ${DEFAULT-VALUE}).")
    private long memory;

    @Option(names = "--explain", description = "Do not run: print which path would answer (merged on the fly or federated) and each shard's SQL.")
    private boolean explain;

    @Parameters(arity = "1", paramLabel = "SQL", description = "The statement, e.g. \"SELECT status, count(*) FROM orders GROUP BY status\".")
    private String sql;

    @Override
    public Integer call() throws InterruptedException, JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean json = format == Format.JSON;
        Result<Topology> loaded = new TopologyLoader().load(topologyFile);
        if (loaded instanceof Result.Failure<Topology> failure) {
            return ErrorPrinter.print(failure.error(), json, out, err);
        }
        Topology topology = loaded.orElseThrow();
        QueryRequest request = request(topology);
        try (ShardPools pools = new ShardPools(topology.shards()); QueryEngine engine = new QueryEngine(topology, pools)) {
            if (explain) {
                return switch (engine.explain(request)) {
                    case Result.Failure<QueryExplain> failure -> ErrorPrinter.print(failure.error(), json, out, err);
                    case Result.Ok<QueryExplain> ok -> {
                        ExplainPrinter.print(ok.value(), json, out);
                        yield 0;
                    }
                };
            }
            return switch (engine.execute(request)) {
                case Result.Failure<QueryResult> failure -> ErrorPrinter.print(failure.error(), json, out, err);
                case Result.Ok<QueryResult> ok -> {
                    print(ok.value(), out, err);
                    yield 0;
                }
            };
        }
    }

    private QueryRequest request(Topology topology) {
        for (String id : shards) {
            if (topology.shard(id).isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown shard '" + id + "' in --shards; the topology's shards are " + String.join(", ", topology.shardIds()));
            }
        }
        if (parallelism < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be 1 or more (or 0 for all shards at once)");
        }
        if (timeout.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be longer than 0");
        }
        QueryRequest request = QueryRequest.of(sql).withShards(shards).withMaxParallelism(parallelism).withTimeout(timeout)
                .withPartialResults(!noPartial).withWritesAllowed(allowWrites).withMode(raw ? ResultMode.RAW : ResultMode.MERGED)
                .withMemoryBytes(memory);
        if (page != null || pageSize != null) {
            int number = page == null ? 1 : page;
            int size = pageSize == null ? 50 : pageSize;
            if (number < 1 || size < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--page and --page-size must be 1 or more");
            }
            request = request.withPage(new Page(number, size));
        }
        return request;
    }

    private void print(QueryResult result, PrintWriter out, PrintWriter err) throws JsonProcessingException {
        switch (format) {
            case JSON -> ResultJson.print(result, out);
            case CSV -> ResultCsv.print(result, out);
            case TABLE -> QueryTablePrinter.print(result, out);
        }
        if (format != Format.JSON) {
            result.warnings().forEach(w -> err.println("warning: " + w.message() + " (" + w.code() + ")"));
            result.shards().stream().filter(ShardReport::retried)
                    .forEach(r -> err.println("note: shard " + r.shardId() + " was retried once — " + r.retry()));
            err.flush();
        }
        if (result.partial() && format != Format.JSON) {
            err.println("warning: partial result — " + result.failedShards().size() + " of " + result.shards().size()
                    + " shards failed and their rows are missing:");
            for (ShardReport failed : result.failedShards()) {
                err.println("  " + failed.shardId() + ": " + failed.error().code().code() + ": " + failed.error().message());
            }
            err.flush();
        }
    }
}
