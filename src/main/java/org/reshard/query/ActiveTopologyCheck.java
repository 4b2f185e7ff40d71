package org.reshard.query;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.reshard.common.Result;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * Compares the queried topology with its registry's active version: a query on a topology that no longer
 * (or not yet) routes the data answers for a layout applications do not write to, so the answer says so.
 */
final class ActiveTopologyCheck {

    private ActiveTopologyCheck() {
    }

    static Optional<QueryWarning> warning(Topology queried) {
        Optional<TopologyRegistry.Version> active;
        try {
            active = new TopologyRegistry(queried.registryUrl()).peekActive();
        } catch (SQLException e) {
            return Optional.of(new QueryWarning(QueryWarning.REGISTRY_UNREADABLE, "the registry of " + queried.name()
                    + " could not be read to check which topology is active (" + firstLine(e) + "); the answer follows " + queried.name()
                    + " as loaded"));
        }
        return active.filter(version -> !sameLayout(queried, version)).map(version -> new QueryWarning(QueryWarning.STALE_TOPOLOGY,
                queried.name() + " is not the registry's active topology: " + version.name() + " (version " + version.version()
                        + ", active since " + version.activatedAt() + ") is. This answer counts the rows " + queried.name()
                        + " assigns to its shards; applications now write by " + version.name() + " — query that topology instead"));
    }

    /** Same layout when the registry's JSON parses to it; when it cannot be parsed (an unset password variable), by name. */
    private static boolean sameLayout(Topology queried, TopologyRegistry.Version active) {
        Path anchor = queried.source();
        return switch (new TopologyLoader().parse(active.topologyJson(), anchor)) {
            case Result.Ok<Topology> parsed -> queried.sameLayoutAs(parsed.value());
            case Result.Failure<Topology> unreadable -> queried.name().equals(active.name());
        };
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? "no message" : e.getMessage().strip();
        return message.lines().findFirst().orElse(message);
    }
}
