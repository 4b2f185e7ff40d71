package org.reshard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.reshard.common.Bytes;
import org.reshard.common.Durations;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.plan.CopyRate;
import org.reshard.plan.design.Design;
import org.reshard.plan.design.DesignEstimate;
import org.reshard.plan.design.DesignStrategy;
import org.reshard.plan.design.ShardLoad;
import org.reshard.plan.design.ShardLoads;
import org.reshard.plan.design.TopologyDesigner;
import org.reshard.shard.ShardPools;
import org.reshard.topology.Secret;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code reshard topology design}: a target topology computed from the current one (add or remove shards,
 * split a shard, rebalance), moving the least data; the topology to stdout or {@code --out}, what it would
 * move to stderr.
 */
@Command(name = "design", mixinStandardHelpOptions = true,
        description = "Design a target topology from the current one, moving the least data.",
        footer = {"", "Without --out the topology is printed to stdout; what it moves (share, rows, bytes, duration) goes to stderr.",
                "Example: reshard topology design --from old.json --add-shard shard-2=jdbc:sqlite:shard-2.db --out new.json"})
final class TopologyDesignCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "CURRENT.json", description = "The current topology file.")
    private Path from;

    @Option(names = "--add-shard", paramLabel = "ID=JDBC_URL", converter = NewShardConverter.class,
            description = "Add a shard (repeatable). A relative SQLite path starts at the --out file's folder.")
    private List<NewShard> added = new ArrayList<>();

    @Option(names = "--remove-shard", paramLabel = "ID", description = "Remove a shard; its data goes to the others (repeatable).")
    private List<String> removed = new ArrayList<>();

    @Option(names = "--split", paramLabel = "SHARD",
            description = "Split this shard's range with the added shard(s) in equal parts; nothing else moves.")
    private String split;

    @Option(names = "--rebalance", description = "Equal shares over the shards (also what --add-shard and --remove-shard reach).")
    private boolean rebalance;

    @Option(names = "--strategy", paramLabel = "least-data|fewest-ranges", defaultValue = "least-data",
            converter = StrategyConverter.class,
            description = "least-data: move the fewest rows, a shard may get several ranges (default); "
                    + "fewest-ranges: one contiguous range per shard, the even split.")
    private DesignStrategy strategy;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the new topology (default: the current name, counted up).")
    private String name;

    @Option(names = "--out", paramLabel = "NEW.json", description = "Write the topology to this file instead of stdout.")
    private Path out;

    @Option(names = "--user", paramLabel = "USER", description = "Database user of the added shards.")
    private String user;

    @Option(names = "--password-env", paramLabel = "NAME",
            description = "Environment variable holding the added shards' password; the file says ${env:NAME}.")
    private String passwordEnv;

    @Option(names = "--no-check", description = "Do not check that the added shards are reachable before writing.")
    private boolean noCheck;

    /** An added shard as given on the command line. */
    record NewShard(String id, String url) {
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (split != null && !removed.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--split cannot be combined with --remove-shard: design one, then the other");
        }
        if (split != null && added.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--split " + split + " needs --add-shard ID=JDBC_URL for the shard that takes part of its range");
        }
        if (split == null && added.isEmpty() && removed.isEmpty() && !rebalance) {
            throw new ParameterException(spec.commandLine(), "Nothing to design: give --add-shard, --remove-shard, --split or --rebalance");
        }
        if (passwordEnv != null && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ParameterException(spec.commandLine(), "--password-env takes a variable name such as ORDERS_PW, not '" + passwordEnv + "'");
        }
        Result<Topology> current = new TopologyLoader().load(from);
        if (current instanceof Result.Failure<Topology> failure) {
            return ErrorPrinter.print(failure.error(), false, stdout, err);
        }
        Topology topology = current.orElseThrow();
        ShardLoads.Measured measured = ShardLoads.measure(topology);
        measured.warnings().forEach(w -> err.println("warning: " + w));
        // Checking connects with the password, so it must be set; without the check the file can be written for elsewhere.
        UnaryOperator<String> environment = noCheck ? n -> System.getenv(n) == null ? "" : System.getenv(n) : System::getenv;
        TopologyDesigner designer = new TopologyDesigner(topology, measured.loads(), CopyRate.ASSUMED, environment);
        Path target = out == null ? null : out.toAbsolutePath().normalize();
        List<ShardSpec> newShards = added.stream().map(this::spec).toList();
        Result<Design> design = split != null
                ? designer.split(topology, split, newShards, name, target)
                : designer.change(topology, newShards, removed, strategy, name, target);
        if (design instanceof Result.Failure<Design> failure) {
            return ErrorPrinter.print(failure.error(), false, stdout, err);
        }
        Design designed = design.orElseThrow();
        if (!noCheck) {
            java.util.Optional<ReshardError> unreachable = unreachable(designed, newShards);
            if (unreachable.isPresent()) {
                return ErrorPrinter.print(unreachable.get(), false, stdout, err);
            }
        }
        if (out == null) {
            stdout.println(designed.json());
            stdout.flush();
        } else {
            try {
                Files.writeString(target, designed.json() + System.lineSeparator());
            } catch (IOException e) {
                return ErrorPrinter.print(ReshardError.of(ErrorCode.TOPOLOGY_INVALID, "cannot write " + target + ": " + e.getMessage()
                        + " — check the folder exists and is writable"), false, stdout, err);
            }
        }
        summary(designed, measured.loads(), err);
        return 0;
    }

    private ShardSpec spec(NewShard shard) {
        Secret password = passwordEnv == null ? Secret.NONE : new Secret("${env:" + passwordEnv + "}", System.getenv(passwordEnv));
        return new ShardSpec(shard.id(), shard.url(), user, password);
    }

    /** Every added shard answers, connecting as the written file would (URL resolved, password from the environment). */
    private static java.util.Optional<ReshardError> unreachable(Design design, List<ShardSpec> newShards) {
        List<ShardSpec> resolved = newShards.stream().map(s -> design.topology().shard(s.id()).orElse(s)).toList();
        try (ShardPools pools = new ShardPools(resolved)) {
            for (ShardSpec shard : resolved) {
                if (pools.ping(shard.id()) instanceof Result.Failure<ShardSpec> failure) {
                    return java.util.Optional.of(ReshardError.of(ErrorCode.SHARD_UNREACHABLE,
                            "new shard " + shard.id() + " must be reachable before the topology is written (or pass --no-check)")
                            .causedBy(failure.error()));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private void summary(Design design, Map<String, ShardLoad> loads, PrintWriter err) {
        DesignEstimate e = design.estimate();
        Topology t = design.topology();
        Map<String, Integer> ranges = new LinkedHashMap<>();
        t.partition().ranges().forEach(r -> ranges.merge(r.shardId(), 1, Integer::sum));
        err.printf("Designed %s (%d shards, %s%s)%s.%n", t.name(), t.shards().size(), split != null ? "split " + split : strategy.label(),
                ranges.values().stream().anyMatch(n -> n > 1) ? ", some shards own several ranges" : "",
                out == null ? "" : " in " + out);
        err.printf("Moves %s of the hash space in %d move%s", Sizes.percent(e.movedShare()), design.moves().size(),
                design.moves().size() == 1 ? "" : "s");
        if (e.rowsKnown()) {
            err.printf(": about %s rows, %s; estimated duration %s (at %s).%n", Sizes.count(e.rows()), Bytes.format(e.bytes()),
                    Durations.human(e.duration()), CopyRate.ASSUMED.describe());
        } else {
            err.printf("; rows unknown (no shard could be counted), so shares are hash shares.%n");
        }
        design.moves().forEach(m -> err.printf("  %s -> %s  %s%n", m.sourceShard(), m.targetShard(), Sizes.percent(m.fraction())));
        err.flush();
    }

    /** {@code ID=JDBC_URL}. */
    static final class NewShardConverter implements ITypeConverter<NewShard> {
        @Override
        public NewShard convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not ID=JDBC_URL, e.g. shard-2=jdbc:postgresql://db3:5432/orders");
            }
            return new NewShard(value.substring(0, eq), value.substring(eq + 1));
        }
    }

    /** {@code least-data} or {@code fewest-ranges}. */
    static final class StrategyConverter implements ITypeConverter<DesignStrategy> {
        @Override
        public DesignStrategy convert(String value) {
            return DesignStrategy.parse(value).orElseThrow(() ->
                    new TypeConversionException("'" + value + "' is not a strategy: use least-data or fewest-ranges"));
        }
    }
}
