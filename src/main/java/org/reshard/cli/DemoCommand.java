package org.reshard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reshard.common.Result;
import org.reshard.demo.DemoWorkspace;
import org.reshard.demo.DemoWorkspaceBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard demo}: the embedded demo workspace. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "The demo workspace: local SQLite shards with data.",
        subcommands = DemoCommand.Init.class)
final class DemoCommand {

    /** {@code reshard demo init}. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create SQLite shards with an orders table, an old (2 shards) and a new (3 shards) topology, and a registry.")
    static final class Init implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--dir", paramLabel = "DIR", description = "Where to create it (default: ~/.reshard/demo, or $RESHARD_HOME/demo).")
        private Path dir;

        @Option(names = "--rows", paramLabel = "N", description = "Orders to generate (default: ${DEFAULT-VALUE}).", defaultValue = "200000")
        private long rows;

        @Option(names = "--force", description = "Replace a demo workspace that already exists in DIR.")
        private boolean force;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (rows < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rows must be 0 or more, was " + rows);
            }
            Path target = dir == null ? DemoWorkspaceBuilder.defaultDir() : dir;
            long started = System.nanoTime();
            return switch (new DemoWorkspaceBuilder(target, rows, force).build()) {
                case Result.Ok<DemoWorkspace> ok -> {
                    print(ok.value(), (System.nanoTime() - started) / 1_000_000, out);
                    yield 0;
                }
                case Result.Failure<DemoWorkspace> failure -> ErrorPrinter.print(failure.error(), false, out, spec.commandLine().getErr());
            };
        }

        private static void print(DemoWorkspace demo, long millis, PrintWriter out) {
            out.printf("Demo workspace created in %s (%s orders in %.1f s):%n", demo.dir(), Sizes.count(demo.totalRows()), millis / 1000.0);
            for (DemoWorkspace.ShardFile shard : demo.shards()) {
                out.printf("  %-8s %-14s %s rows%n", shard.id(), shard.file().getFileName(), Sizes.count(shard.rows()));
            }
            out.printf("  %-23s current topology: orders-v1, 2 shards, equal hash ranges%n", DemoWorkspace.OLD_TOPOLOGY);
            out.printf("  %-23s target topology:  orders-v2, 3 shards, equal hash ranges%n", DemoWorkspace.NEW_TOPOLOGY);
            out.printf("  %-23s topology registry, version 1 = orders-v1%n", DemoWorkspace.REGISTRY);
            out.println();
            out.println("Next:");
            out.printf("  reshard plan --from %s --to %s%n", demo.oldTopology(), demo.newTopology());
            out.printf("  reshard route --topology %s 42 1001%n", demo.newTopology());
            out.flush();
        }
    }
}
