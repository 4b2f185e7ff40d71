package org.reshard.ui.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.reshard.common.Redaction;
import org.reshard.common.Result;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * Finds which topology "Current topology" means: reads the registry named by the loaded current topology
 * and the operations of the state file. Blocking (two databases), so it never runs on the UI thread.
 */
final class ActiveTopologies {

    /** Reads a registry's active version; a seam for tests of registries that fail. */
    @FunctionalInterface
    interface RegistryReader {
        Optional<TopologyRegistry.Version> active(String url) throws SQLException;
    }

    static final RegistryReader REGISTRY = url -> new TopologyRegistry(url).peekActive();

    private ActiveTopologies() {
    }

    /**
     * The active topology for a workspace. A loaded topology with the active version's name and layout is used
     * as it is (it keeps literal passwords, which the registry never stores, and the editor's shard pools), and
     * so is {@code previous}'s topology while the active version stays the same; otherwise the version's JSON is
     * parsed, relative SQLite paths starting at the current topology file's folder as in a topology file.
     */
    static ActiveTopology resolve(Topology current, Topology target, ActiveTopology previous, RegistryReader registry,
                                  List<ReshardingState> operations) {
        Optional<TopologyRegistry.Version> read;
        try {
            read = registry.active(current.registryUrl());
        } catch (SQLException | RuntimeException e) {
            return new ActiveTopology.Unreadable(current, "the registry " + Redaction.maskUrl(current.registryUrl()) + " cannot be read: "
                    + e.getMessage());
        }
        if (read.isEmpty()) {
            return new ActiveTopology.Unregistered(current);
        }
        TopologyRegistry.Version version = read.get();
        if (previous instanceof ActiveTopology.Registered same && same.version() == version.version()
                && same.topology().name().equals(version.name())) {
            return new ActiveTopology.Registered(same.topology(), version.version(), version.activatedAt(),
                    operation(version, current.registryUrl(), operations));
        }
        return switch (new TopologyLoader().parse(version.topologyJson(), current.source())) {
            case Result.Ok<Topology> ok -> new ActiveTopology.Registered(loadedOr(ok.value(), current, target), version.version(),
                    version.activatedAt(), operation(version, current.registryUrl(), operations));
            case Result.Failure<Topology> failed -> new ActiveTopology.Unreadable(current, "the registry's active version " + version.version()
                    + " (" + version.name() + ") is not a valid topology: " + failed.error().message()
                    + (failed.error().details().isEmpty() ? "" : " — " + failed.error().details().getFirst()));
        };
    }

    private static Topology loadedOr(Topology parsed, Topology current, Topology target) {
        for (Topology loaded : new Topology[] {current, target}) {
            if (loaded != null && loaded.name().equals(parsed.name()) && loaded.sameLayoutAs(parsed)) {
                return loaded;
            }
        }
        // The document came from the registry, not from a file: no source to name in messages.
        return new Topology(parsed.name(), null, parsed.registryUrl(), parsed.routing(), parsed.shards(), parsed.tables(),
                parsed.referenceTables(), parsed.partition());
    }

    /**
     * The operation that published the active version, else an unfinished one moving rows away from it; only
     * operations on the same registry count (the state file stores its URL without a password).
     */
    private static Optional<ActiveTopology.Operation> operation(TopologyRegistry.Version version, String registryUrl,
                                                               List<ReshardingState> operations) {
        String registry = Redaction.stripUrlPassword(registryUrl);
        List<ReshardingState> same = operations.stream().filter(s -> registry.equals(text(s, "from", "registry"))).toList();
        Comparator<ReshardingState> latest = Comparator.comparing(ReshardingState::updatedAt);
        Optional<ActiveTopology.Operation> published = same.stream()
                .filter(s -> s.publishedVersion() != null && s.publishedVersion() == version.version() && version.name().equals(name(s, "to")))
                .max(latest)
                .map(s -> new ActiveTopology.PublishedBy(s.id(), s.phase(), name(s, "from"),
                        s.isActive() && s.cleanupNotBefore() != null ? Optional.of(s.cleanupNotBefore()) : Optional.empty()));
        if (published.isPresent()) {
            return published;
        }
        return same.stream()
                .filter(s -> s.isActive() && s.publishedVersion() == null && s.phase() != ReshardingPhase.CLEANING_UP
                        && version.name().equals(name(s, "from")))
                .max(latest)
                .map(s -> new ActiveTopology.MovingTo(s.id(), s.phase(), name(s, "to")));
    }

    private static String name(ReshardingState state, String side) {
        JsonNode name = state.plan().path(side).path("name");
        return name.isTextual() ? name.asText() : "";
    }

    private static String text(ReshardingState state, String side, String field) {
        JsonNode value = state.plan().path(side).path("topology").path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
