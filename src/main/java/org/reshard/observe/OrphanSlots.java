package org.reshard.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.reshard.cdc.WalSlots;
import org.reshard.common.Bytes;
import org.reshard.common.ErrorCode;
import org.reshard.common.ErrorText;
import org.reshard.common.Redaction;
import org.reshard.common.Result;
import org.reshard.plan.PlanJson;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingState;
import org.reshard.state.SourceCaptureState;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * Finds the logical replication slots reshard created ({@code reshard_*}) that no active operation owns: each one
 * holds back WAL on its server until the disk fills. Looks on every PostgreSQL shard of every operation in the state
 * store (the old and the new topology) and of any topology the caller adds.
 */
public final class OrphanSlots {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private OrphanSlots() {
    }

    /**
     * A slot nobody owns, where it is, and what it holds back; {@code leftBy} names the finished operation of this state
     * file that recorded it (null when none did).
     */
    public record Orphan(String slot, String shard, String server, String database, boolean active, long retainedBytes,
                         String leftBy) {

        /** What to do about it, in one sentence an operator can paste from. */
        public String fix() {
            String drop = (active ? "stop the client reading it, then " : "") + "run SELECT pg_drop_replication_slot('" + slot
                    + "') in database " + database + " on " + server;
            // Nothing of ours can be rolled back for a slot a finished operation left; one nobody recorded may be a
            // crashed run of another state file, whose rollback drops it too.
            return leftBy != null ? drop : drop + ", or roll back the operation that created it";
        }

        public String describe() {
            // What fills the disk comes first: a status bar shows the start of this sentence, the tooltip the rest.
            return "replication slot " + slot + " holds " + Bytes.format(retainedBytes) + " (" + retainedBytes + " bytes) of WAL on shard "
                    + shard + " (" + server + ", database " + database + ") and no active operation owns it"
                    + (leftBy == null ? "" : " (left by " + leftBy + ")") + ": " + fix();
        }

        Map<String, Object> toData() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("slot", slot);
            data.put("shard", shard);
            data.put("server", server);
            data.put("database", database);
            data.put("active", active);
            data.put("retainedBytes", retainedBytes);
            data.put("leftBy", leftBy);
            data.put("fix", fix());
            return data;
        }
    }

    /** What the scan found, and the shards it could not look at (a decommissioned old shard is normal, so only noted). */
    public record Scan(List<Orphan> orphans, List<String> unchecked) {

        public static final Scan NONE = new Scan(List.of(), List.of());

        public Scan {
            orphans = List.copyOf(orphans);
            unchecked = List.copyOf(unchecked);
        }
    }

    /**
     * Scans the PostgreSQL shards of {@code operations} and {@code topologies}; slots listed as an active operation's
     * capture are owned. Slots of databases that are none of these shards are left alone: they may belong to an
     * operation of another state file, and calling them orphans could get a live slot dropped.
     */
    public static Scan find(List<ReshardingState> operations, Collection<Topology> topologies) {
        List<String> unchecked = new ArrayList<>();
        Map<String, ShardSpec> shards = new LinkedHashMap<>();
        for (ReshardingState operation : operations) {
            topologies(operation, unchecked).forEach(t -> add(shards, t));
        }
        topologies.forEach(t -> add(shards, t));
        Set<String> owned = operations.stream().filter(ReshardingState::isActive).flatMap(OrphanSlots::slots).collect(Collectors.toSet());
        Map<String, String> leftBy = new LinkedHashMap<>();
        operations.stream().filter(s -> !s.isActive())
                .forEach(s -> slots(s).forEach(slot -> leftBy.put(slot, "operation " + s.id() + ", " + s.phase().label())));
        List<Orphan> orphans = scanAll(shards.values(), owned, leftBy, unchecked);
        return new Scan(orphans, unchecked);
    }

    private static Stream<String> slots(ReshardingState operation) {
        return operation.captures().values().stream().map(SourceCaptureState::slot).filter(Objects::nonNull);
    }

    /** One connection per shard, all at once: a shard that does not answer costs its connect timeout once, not per shard. */
    private static List<Orphan> scanAll(Collection<ShardSpec> shards, Set<String> owned, Map<String, String> leftBy,
                                        List<String> unchecked) {
        List<Orphan> orphans = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Result<List<Orphan>>>> scans = new ArrayList<>();
            for (ShardSpec shard : shards) {
                scans.add(pool.submit(() -> scan(shard, owned, leftBy)));
            }
            for (Future<Result<List<Orphan>>> scan : scans) {
                switch (scan.get()) {
                    case Result.Ok<List<Orphan>> ok -> orphans.addAll(ok.value());
                    case Result.Failure<List<Orphan>> failure -> unchecked.add(failure.error().message());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unchecked.add("the slot scan was interrupted");
        } catch (ExecutionException e) {
            unchecked.add("the slot scan failed: " + ErrorText.of(e));
        }
        return orphans;
    }

    /** Keyed by server and database: a database shared by two topologies under one id is scanned once. */
    private static void add(Map<String, ShardSpec> shards, Topology topology) {
        for (ShardSpec shard : topology.shards()) {
            if (shard.isPostgres()) {
                shards.putIfAbsent(Redaction.stripUrlPassword(shard.url()), shard);
            }
        }
    }

    private static List<Topology> topologies(ReshardingState operation, List<String> unchecked) {
        JsonNode plan = operation.plan();
        if (plan == null || !plan.has("from") || !plan.has("to")) {
            return List.of();
        }
        try {
            return switch (PlanJson.fromJson(plan, new TopologyLoader())) {
                case Result.Ok<ReshardingPlan> ok -> List.of(ok.value().from(), ok.value().to());
                case Result.Failure<ReshardingPlan> failure -> {
                    unchecked.add("operation " + operation.id() + ": its topologies cannot be read: " + failure.error().message());
                    yield List.of();
                }
            };
        } catch (RuntimeException e) {
            unchecked.add("operation " + operation.id() + ": its plan cannot be read: " + ErrorText.of(e));
            return List.of();
        }
    }

    private static Result<List<Orphan>> scan(ShardSpec shard, Set<String> owned, Map<String, String> leftBy) {
        String server = Redaction.address(shard.url());
        try (Connection c = DriverManager.getConnection(shard.url(), properties(shard))) {
            String database = c.getCatalog();
            List<Orphan> found = new ArrayList<>();
            for (WalSlots.Slot slot : WalSlots.list(c)) {
                if (database.equals(slot.database()) && !owned.contains(slot.name())) {
                    found.add(new Orphan(slot.name(), shard.id(), server, database, slot.active(), slot.retainedBytes(),
                            leftBy.get(slot.name())));
                }
            }
            return Result.ok(found);
        } catch (SQLException e) {
            return Result.failure(ErrorCode.SHARD_UNREACHABLE,
                    "shard " + shard.id() + " (" + server + "): could not look for replication slots: " + ErrorText.of(e));
        }
    }

    private static Properties properties(ShardSpec shard) {
        Properties properties = new Properties();
        if (shard.user() != null) {
            properties.setProperty("user", shard.user());
        }
        if (shard.password().isPresent()) {
            properties.setProperty("password", shard.password().value());
        }
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        return properties;
    }
}
