package org.reshard.ui.query;

import java.time.Instant;
import java.util.Optional;
import org.reshard.state.ReshardingPhase;
import org.reshard.topology.Topology;

/**
 * What "Current topology" means for the query editor: the registry's active version (DESIGN 3.6), or the
 * loaded current topology when the registry holds none or cannot be read.
 */
public sealed interface ActiveTopology {

    /** The topology queries on "Current topology" run on. */
    Topology topology();

    /** The registry's active version; {@code operation} names the operation that published it or is moving rows away from it. */
    record Registered(Topology topology, long version, Instant activatedAt, Optional<Operation> operation) implements ActiveTopology {
    }

    /** The registry holds no version yet, so the loaded current topology is all there is. */
    record Unregistered(Topology topology) implements ActiveTopology {
    }

    /** The registry (or its active version) could not be read; queries fall back to the loaded current topology. */
    record Unreadable(Topology topology, String problem) implements ActiveTopology {
    }

    /** An operation of the state file that concerns the active version. */
    sealed interface Operation {

        String id();

        ReshardingPhase phase();
    }

    /** The operation whose cutover published the active version; the old shards keep moved rows until {@code keepUntil}. */
    record PublishedBy(String id, ReshardingPhase phase, String from, Optional<Instant> keepUntil) implements Operation {
    }

    /** An operation still moving rows from the active topology to {@code to}, before its cutover. */
    record MovingTo(String id, ReshardingPhase phase, String to) implements Operation {
    }
}
