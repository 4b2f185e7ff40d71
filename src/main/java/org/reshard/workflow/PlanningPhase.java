package org.reshard.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reshard.cdc.SourceCapture;
import org.reshard.common.ErrorCode;
import org.reshard.common.Redaction;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.plan.PlanStep;
import org.reshard.shard.Column;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * Planning: the pre-flight. Every shard reachable, every table present with the declared key, source
 * and target of a step on the same kind of database, targets compatible and empty in the moving
 * ranges, privileges for triggers, no leftovers of another operation, the registry consistent — all
 * problems reported together. Then the old topology is registered if the registry is empty.
 */
final class PlanningPhase implements PhaseRunner {

    @Override
    public void run(OperationContext context) throws Exception {
        context.activity("pre-flight checks");
        List<String> problems = new ArrayList<>();
        ReshardError unreachable = reachability(context, problems);
        if (unreachable != null) {
            throw new PhaseFailure(ReshardError.of(ErrorCode.PLAN_GENERATION_FAILED,
                    "pre-flight found " + count(problems) + "; nothing was changed", problems).causedBy(unreachable));
        }
        Optional<TopologyRegistry.Version> active = registry(context, problems);
        for (String source : context.sources()) {
            for (String table : context.plan.tables()) {
                checkSource(context, source, table, problems);
            }
            leftovers(context, context.capture(source), problems);
        }
        for (String target : context.targets()) {
            // Only the shard-level objects are looked for, so no table definition is needed (a missing table is reported above).
            leftovers(context, new SourceCapture(context.pools, target, List.of(), org.reshard.cdc.CaptureKind.REVERSE), problems);
        }
        List<String> notes = new ArrayList<>();
        for (PlanStep step : context.plan.steps()) {
            checkTarget(context, step, problems, notes);
            KeySequences.note(context, step, notes);
        }
        List<CaptureChoice> captures = CaptureChoice.decide(context, problems);
        List<String> warnings = new ArrayList<>();
        ReplicaRolePreflight.check(context, problems);
        ForeignKeyPreflight.check(context, problems, warnings);
        if (!problems.isEmpty()) {
            String found = "pre-flight found " + count(problems) + "; nothing was changed";
            warnings.forEach(w -> problems.add("warning: " + w));
            throw new PhaseFailure(ReshardError.of(ErrorCode.PLAN_GENERATION_FAILED, found, List.copyOf(new LinkedHashSet<>(problems))));
        }
        for (String warning : new LinkedHashSet<>(warnings)) {
            if (!context.state().warnings().contains(warning)) {
                context.update(b -> b.warning(warning), Durability.PHASE_TRANSITION);
            }
            context.event("pre-flight warning: " + warning);
        }
        PreflightNotes.record(context, notes);
        CaptureChoice.record(context, captures);
        for (String source : context.sources()) {
            for (String table : context.plan.tables()) {
                String fingerprint = context.sourceSchema(source, table).fingerprint();
                context.update(b -> b.sourceSchema(source + "/" + table, fingerprint), Durability.CHECKPOINT);
            }
        }
        PartitionFollower.record(context);
        FaultPoints.reach("planning.checked");
        if (active.isEmpty()) {
            long version = new TopologyRegistry(context.plan.from().registryUrl()).publish(context.plan.from(), context.now());
            context.update(b -> b.registeredVersion(version), Durability.PHASE_TRANSITION);
            context.event("registered the current topology " + context.plan.from().name() + " as registry version " + version);
        }
    }

    private static String count(List<String> problems) {
        return problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    }

    private static ReshardError reachability(OperationContext context, List<String> problems) {
        Set<String> shards = new LinkedHashSet<>();
        context.plan.steps().forEach(s -> {
            shards.add(s.sourceShard());
            shards.add(s.targetShard());
        });
        ReshardError first = null;
        for (String shard : shards) {
            if (context.pools.ping(shard) instanceof Result.Failure<ShardSpec> failure) {
                problems.add(failure.error().message());
                first = first == null ? failure.error() : first;
            }
        }
        return first;
    }

    /** Both topologies must publish to one registry, whose active version (if any) must be the current topology. */
    private static Optional<TopologyRegistry.Version> registry(OperationContext context, List<String> problems) {
        Topology from = context.plan.from();
        Topology to = context.plan.to();
        if (!from.registryUrl().equals(to.registryUrl())) {
            problems.add("the topologies name different registries (" + Redaction.maskUrl(from.registryUrl()) + " and "
                    + Redaction.maskUrl(to.registryUrl())
                    + ") — applications poll one registry, so both files must name the same");
            return Optional.empty();
        }
        try {
            Optional<TopologyRegistry.Version> active = new TopologyRegistry(from.registryUrl()).active();
            if (active.isPresent()) {
                // Passwords do not matter for comparing layouts, so unset variables resolve to nothing.
                Result<Topology> registered = new TopologyLoader(name -> "").parse(active.get().topologyJson(), null);
                String which = "the registry's active topology " + active.get().name() + " (version " + active.get().version() + ")";
                switch (registered) {
                    case Result.Ok<Topology> ok when ok.value().sameLayoutAs(to) ->
                            problems.add(which + " is already the target " + to.name() + " — there is nothing to move");
                    case Result.Ok<Topology> ok -> ok.value().layoutDifference(from).ifPresent(difference -> problems.add(
                            which + " is not the current topology of this plan: " + difference
                                    + " — plan from the topology applications use now"));
                    case Result.Failure<Topology> failure -> problems.add(which + " cannot be read (" + failure.error().message()
                            + "), so it cannot be compared with " + from.name() + " — check the registry " + Redaction.maskUrl(from.registryUrl()));
                }
            }
            return active;
        } catch (SQLException e) {
            problems.add("the topology registry " + Redaction.maskUrl(from.registryUrl()) + " cannot be read: " + e.getMessage()
                    + " — check the registry URL and that it is writable");
            return Optional.empty();
        }
    }

    private static void checkSource(OperationContext context, String source, String table, List<String> problems) throws SQLException {
        SqlDialect dialect = context.pools.dialect(source);
        var spec = context.table(table);
        try (Connection c = context.connect(source)) {
            Optional<TableSchema> found = dialect.describe(c, table);
            if (found.isEmpty()) {
                problems.add("table " + table + " does not exist on source shard " + source);
                return;
            }
            TableSchema schema = found.get();
            if (schema.primaryKey().isEmpty()) {
                problems.add("table " + table + " on shard " + source + " has no primary key — add one; rows are copied, applied and verified by key");
            } else if (!schema.primaryKey().equals(spec.primaryKey())) {
                problems.add("table " + table + " on shard " + source + " has primary key " + schema.primaryKey()
                        + " but the topology declares " + spec.primaryKey() + " — fix primaryKey in the topology files");
            }
            Optional<Column> key = schema.column(spec.shardKey());
            if (key.isEmpty()) {
                problems.add("table " + table + " on shard " + source + " has no shard key column " + spec.shardKey());
                return;
            }
            if (!key.get().notNull() && hasNullKeys(c, dialect, table, spec.shardKey())) {
                problems.add("table " + table + " on shard " + source + " has rows whose shard key " + spec.shardKey()
                        + " is NULL; they belong to no shard — give them a key or delete them first");
            }
            if (dialect.name().equals("SQLite")) {
                schema.primaryKey().stream().map(k -> schema.column(k).orElseThrow())
                        .filter(k -> k.type() != null && k.type().toUpperCase().contains("BLOB"))
                        .forEach(k -> problems.add("table " + table + " on shard " + source + " has BLOB primary key column " + k.name()
                                + ", which SQLite's built-in JSON functions cannot log for change capture"));
            } else {
                privileges(c, table, source, List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRIGGER"), problems);
                schemaCreate(c, source, "the changelog table and trigger functions", problems);
            }
        }
    }

    private static boolean hasNullKeys(Connection c, SqlDialect dialect, String table, String shardKey) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 1 FROM " + dialect.quote(table) + " WHERE " + dialect.quote(shardKey) + " IS NULL LIMIT 1")) {
            return r.next();
        }
    }

    private static void privileges(Connection c, String table, String shard, List<String> needed, List<String> problems) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT has_table_privilege(to_regclass(?), ?)")) {
            for (String privilege : needed) {
                s.setString(1, '"' + table.replace("\"", "\"\"") + '"');
                s.setString(2, privilege);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && !r.getBoolean(1)) {
                        missing.add(privilege);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            problems.add("the user on shard " + shard + " lacks " + String.join(", ", missing) + " on table " + table
                    + " — GRANT " + String.join(", ", missing) + " ON " + table + " TO that user");
        }
    }

    private static void schemaCreate(Connection c, String shard, String what, List<String> problems) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT has_schema_privilege(current_schema(), 'CREATE')")) {
            if (r.next() && !r.getBoolean(1)) {
                problems.add("the user on shard " + shard + " may not CREATE in its schema, needed for " + what
                        + " — GRANT CREATE ON SCHEMA to that user");
            }
        }
    }

    private static void leftovers(OperationContext context, SourceCapture capture, List<String> problems) throws SQLException {
        List<String> found = capture.leftovers();
        if (!found.isEmpty()) {
            problems.add("shard " + capture.shard() + " still has objects of an earlier resharding (" + String.join(", ", found)
                    + ") — roll that operation back ('reshard rollback ID'), or drop them if it is gone");
        }
    }

    private static void checkTarget(OperationContext context, PlanStep step, List<String> problems, List<String> notes) throws SQLException {
        String target = step.targetShard();
        SqlDialect sourceDialect = context.pools.dialect(step.sourceShard());
        SqlDialect dialect = context.pools.dialect(target);
        if (!sourceDialect.name().equals(dialect.name())) {
            problems.add(OperationContext.describe(step) + " moves rows from " + sourceDialect.name() + " to " + dialect.name()
                    + " — both shards of a step must be the same kind of database");
            return;
        }
        var spec = context.table(step.table());
        try (Connection c = context.connect(target)) {
            Optional<TableSchema> existing = dialect.describe(c, step.table());
            if (existing.isEmpty()) {
                if (dialect.name().equals("PostgreSQL")) {
                    schemaCreate(c, target, "creating table " + step.table(), problems);
                }
                return;
            }
            TableSchema sourceSchema = context.sourceSchema(step.sourceShard(), step.table());
            TargetDrift.Drift drift = PreflightNotes.drift(context, step, sourceSchema, existing.get(), c);
            drift.refused().forEach(d -> problems.add("target is not compatible: " + d));
            notes.addAll(drift.notes());
            if (existing.get().column(spec.shardKey()).isPresent() && hasRowsInRanges(c, dialect, step, spec.shardKey())) {
                problems.add("shard " + target + " already has rows of " + step.table() + " in the hash ranges it is about to receive"
                        + " — they may be left from an earlier run; roll that back or delete them");
            }
            if (dialect.name().equals("PostgreSQL")) {
                privileges(c, step.table(), target, List.of("SELECT", "INSERT", "UPDATE", "DELETE"), problems);
            }
        }
    }

    private static boolean hasRowsInRanges(Connection c, SqlDialect dialect, PlanStep step, String shardKey) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1 FROM " + dialect.quote(step.table())
                + " WHERE " + dialect.inRanges(dialect.quote(shardKey), step.ranges()) + " LIMIT 1")) {
            return r.next();
        }
    }
}
