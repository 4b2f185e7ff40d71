package org.reshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.reshard.common.Result;
import org.reshard.topology.RoutingHash;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reshard route}: the routing hash and owning shard of each key. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Print each key's routing hash (PostgreSQL hashtextextended(key, 0)) and owning shard.")
final class RouteCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--topology", required = true, paramLabel = "T.json", description = "The topology file.")
    private Path topologyFile;

    @Option(names = "--json", description = "Print a JSON array of {key, hash, shard}.")
    private boolean json;

    @Parameters(arity = "1..*", paramLabel = "KEY", description = "Shard key values, as text (42 is routed as '42').")
    private List<String> keys;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return switch (new TopologyLoader().load(topologyFile)) {
            case Result.Ok<Topology> ok -> {
                print(ok.value(), out);
                yield 0;
            }
            case Result.Failure<Topology> failure -> ErrorPrinter.print(failure.error(), json, out, spec.commandLine().getErr());
        };
    }

    private void print(Topology topology, PrintWriter out) {
        if (json) {
            ArrayNode rows = new ObjectMapper().createArrayNode();
            for (String key : keys) {
                long hash = RoutingHash.hash(key);
                rows.addObject().put("key", key).put("hash", hash).put("shard", topology.partition().ownerOf(hash));
            }
            out.println(rows.toPrettyString());
        } else {
            int width = Math.max(3, keys.stream().mapToInt(String::length).max().orElse(3));
            String format = "%-" + width + "s  %20s  %s%n";
            out.printf(format, "KEY", "HASH", "SHARD");
            for (String key : keys) {
                long hash = RoutingHash.hash(key);
                out.printf(format, key, hash, topology.partition().ownerOf(hash));
            }
        }
        out.flush();
    }
}
