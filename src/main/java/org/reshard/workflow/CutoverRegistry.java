package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.reshard.common.ErrorCode;
import org.reshard.common.ErrorText;
import org.reshard.common.Redaction;
import org.reshard.common.ReshardError;
import org.reshard.common.ReshardException;
import org.reshard.common.Result;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * Cutover's side of the topology registry: is the target already published, and the publish in two steps
 * (write the new version, then commit it) so the sources' fences can be committed in between. Every failure
 * is {@code reshard.registry.unavailable} carrying the driver's exception, so a locked or restarting
 * registry counts as a transient fault.
 */
final class CutoverRegistry {

    private final TopologyRegistry registry;

    CutoverRegistry(String url) {
        this.registry = new TopologyRegistry(url);
    }

    /** The registry's active version, when it is already {@code target} (a crash or a fault after publishing). */
    Optional<Long> publishedVersion(Topology target) {
        try {
            Optional<TopologyRegistry.Version> active = registry.active();
            if (active.isEmpty()) {
                return Optional.empty();
            }
            Result<Topology> registered = new TopologyLoader(name -> "").parse(active.get().topologyJson(), null);
            return registered instanceof Result.Ok<Topology> ok && ok.value().sameLayoutAs(target)
                    ? Optional.of(active.get().version()) : Optional.empty();
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    /** A version written but not committed: {@link #commit} makes it active, closing without it withdraws it. */
    final class Pending implements AutoCloseable {
        private final Connection connection;
        final long version;
        private boolean committed;

        private Pending(Connection connection, long version) {
            this.connection = connection;
            this.version = version;
        }

        void commit() {
            try {
                connection.commit();
                committed = true;
            } catch (SQLException e) {
                throw unavailable("written", e);
            }
        }

        @Override
        public void close() {
            try (connection) {
                if (!committed) {
                    connection.rollback();
                }
            } catch (SQLException e) {
                // The connection is gone; its transaction went with it.
            }
        }
    }

    /**
     * Writes {@code topology} as the next version in a transaction left open, waiting up to {@code wait} for a
     * lock another process holds on the registry; the lock is then this transaction's until commit or close.
     */
    Pending write(Topology topology, Instant activatedAt, Duration wait) {
        Connection connection = null;
        try {
            connection = registry.connect();
            try (Statement s = connection.createStatement()) {
                long millis = Math.max(1, wait.toMillis());
                s.execute(registry.url().startsWith("jdbc:sqlite:") ? "PRAGMA busy_timeout = " + millis : "SET lock_timeout = " + millis);
            }
            connection.setAutoCommit(false);
            return new Pending(connection, TopologyRegistry.publish(connection, topology, activatedAt));
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing a connection that failed; the error that matters is e
                }
            }
            throw unavailable("written", e);
        }
    }

    private ReshardException unavailable(String verb, SQLException e) {
        return new ReshardException(ReshardError.of(ErrorCode.REGISTRY_UNAVAILABLE, "the topology registry ("
                + Redaction.address(registry.url()) + ") could not be " + verb + ": " + ErrorText.of(e)
                + " — check that its database is up and that no other process holds a lock on it"), e);
    }
}
