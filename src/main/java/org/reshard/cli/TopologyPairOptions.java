package org.reshard.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reshard.common.Result;
import org.reshard.plan.ReshardingRequest;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import picocli.CommandLine.Option;

/** {@code --from OLD --to NEW [--tables a,b]}, shared by the commands that plan a resharding. */
final class TopologyPairOptions {

    @Option(names = "--from", required = true, paramLabel = "OLD.json", description = "The current topology file.")
    private Path from;

    @Option(names = "--to", required = true, paramLabel = "NEW.json", description = "The target topology file.")
    private Path to;

    @Option(names = "--tables", split = ",", paramLabel = "a,b", description = "Only these tables (default: all).")
    private List<String> tables = new ArrayList<>();

    /** Both topologies loaded and validated, as a request for the planner; the first invalid file's error otherwise. */
    Result<ReshardingRequest> request() {
        TopologyLoader loader = new TopologyLoader();
        return loader.load(from).flatMap(old -> loader.load(to).map((Topology target) -> new ReshardingRequest(old, target, tables)));
    }
}
