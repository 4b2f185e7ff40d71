package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.reshard.cdc.CapturedTable;
import org.reshard.cdc.ChangeApplier;
import org.reshard.cdc.ChangeRoute;
import org.reshard.cdc.SourceCapture;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.ReshardException;
import org.reshard.common.Result;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.shard.ShardPools;
import org.reshard.shard.TableSchema;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.SourceCaptureState;
import org.reshard.state.Waiting;
import org.reshard.topology.HashRange;
import org.reshard.topology.TableSpec;

/** One run of an operation: the plan, options and shards, the state (saved on every change) and the listeners. */
final class OperationContext {

    final ReshardingPlan plan;
    final ReshardingOptions options;
    final ShardPools pools;
    final ReshardingListener listener;
    final OperationControl control;
    final CutoverGate gate;
    final Clock clock;
    final OperationTelemetry telemetry;

    private final ReshardingStateStore store;
    private final RateMeter rate = new RateMeter();
    private final Map<String, TableSchema> schemas = new LinkedHashMap<>();
    private final Map<String, SourceCapture> captures = new LinkedHashMap<>();
    private final Map<String, ChangeApplier> appliers = new LinkedHashMap<>();
    private final Map<String, SourceCapture> reverseCaptures = new LinkedHashMap<>();
    private final Map<String, ChangeApplier> reverseAppliers = new LinkedHashMap<>();
    private ReshardingState state;
    /** True when this run continues an earlier one (or an attempt that failed), whose last batch may have been written without a checkpoint. */
    private boolean resumed;
    /** How many times the state was saved: an attempt after a fault that saved made progress. */
    private long saves;
    /** An attempt after a transient fault is running; its first save ends the waiting. */
    private boolean retrying;
    private String activity = "";
    /** Who approved the cutover in this run: an attempt after a fault in the write pause does not ask again. */
    private String approvedBy;
    /** When {@link PartitionFollower} last looked at the sources' partitions (System.nanoTime), so loops look once a second. */
    long partitionsFollowedAt;
    /** When a replication round last saved the state (System.nanoTime): a capture position alone is saved now and then. */
    long positionSavedAt;
    private List<org.reshard.shard.ForeignKey> foreignKeys;
    private TableOrder tableOrder;

    OperationContext(ReshardingPlan plan, ReshardingOptions options, ShardPools pools, ReshardingStateStore store,
                     ReshardingState state, ReshardingListener listener, OperationControl control, CutoverGate gate,
                     Clock clock, boolean resumed, OperationTelemetry telemetry) {
        this.plan = plan;
        this.options = options;
        this.pools = pools;
        this.store = store;
        this.state = state;
        this.listener = listener;
        this.control = control;
        this.gate = gate;
        this.clock = clock;
        this.resumed = resumed;
        this.telemetry = telemetry;
    }

    ReshardingState state() {
        return state;
    }

    String id() {
        return state.id();
    }

    Instant now() {
        return clock.instant();
    }

    /** Applies a change to the state, saves it, and tells the listener; the first save of a retried attempt ends the waiting. */
    ReshardingState update(UnaryOperator<ReshardingState.Builder> change, Durability durability) {
        ReshardingState.Builder builder = change.apply(state.edit().updatedAt(now()));
        Waiting ended = retrying ? state.waiting() : null;
        org.reshard.state.ReshardingPhase phase = state.phase();
        if (ended != null) {
            builder.waiting(null);
        }
        ReshardingState next = builder.build();
        if (store.save(next, durability) instanceof Result.Failure<ReshardingState> failure) {
            throw new ReshardException(failure.error());
        }
        state = next;
        saves++;
        if (ended != null) {
            retrying = false;
            telemetry.waitingOver();
            event(ended.what() + " answers again; going on with " + phase.label());
        }
        listener.progress(progress());
        return state;
    }

    String approvedBy() {
        return approvedBy;
    }

    void approved(String by) {
        approvedBy = by;
    }

    /** The retried attempt ended without progress (it failed or stopped): its end is not the shard answering again. */
    void attemptOver() {
        retrying = false;
    }

    boolean resumed() {
        return resumed;
    }

    long saves() {
        return saves;
    }

    /** Shows the wait for a transient fault: in the state file (status, health), the progress line, telemetry. */
    void waitFor(Waiting waiting) {
        retrying = false;
        update(b -> b.waiting(waiting), Durability.PHASE_TRANSITION);
        telemetry.waiting(waiting);
        event(waiting.describe(now()) + " (" + waiting.error().code() + "; giving up "
                + org.reshard.common.Moments.relative(waiting.giveUpAt(), now(), java.time.ZoneId.systemDefault()) + ")");
    }

    /**
     * Before the next attempt after a fault: the shards' pooled connections may all be dead (a server restarted),
     * and the failed attempt may have written a batch it did not checkpoint, as a crashed run may have.
     */
    void startAttempt() {
        // A change stream's connection may be dead too; the next read opens a new one from the last acknowledged position.
        captures.values().forEach(SourceCapture::close);
        for (String shard : pools.ids()) {
            pools.forgetConnections(shard);
        }
        resumed = true;
        retrying = true;
    }

    /** Where a fault's shard (or the registry) is, for people: host and port of a server, or a SQLite file's path; null if unknown. */
    String address(TransientFault fault) {
        if (fault.shard() != null) {
            return org.reshard.common.Redaction.address(pools.shard(fault.shard()).url());
        }
        return fault.error().code() == ErrorCode.REGISTRY_UNAVAILABLE ? org.reshard.common.Redaction.address(plan.to().registryUrl()) : null;
    }

    OperationProgress progress() {
        return OperationProgress.of(state, activity, rate.perSecond());
    }

    void activity(String text) {
        activity = text;
        event(text);
    }

    void event(String text) {
        telemetry.event(text);
        listener.event(id(), text);
    }

    /** Records a batch's rows and time in the rate shown to operators and in the rows-per-second gauge. */
    void recordRate(long rows, long nanos) {
        rate.record(rows, nanos);
        telemetry.rate(rate.perSecond());
    }

    double ratePerSecond() {
        return rate.perSecond();
    }

    /** Throws {@link OperationStopped} when a stop was requested; called at every checkpoint. */
    void checkStop() {
        if (control.stopRequested()) {
            throw new OperationStopped(control.stopReason(), false);
        }
    }

    /** Shards that lose rows, in plan order. */
    List<String> sources() {
        return plan.steps().stream().map(PlanStep::sourceShard).distinct().toList();
    }

    List<PlanStep> stepsFrom(String source) {
        return plan.steps().stream().filter(s -> s.sourceShard().equals(source)).toList();
    }

    TableSpec table(String name) {
        return plan.from().table(name).orElseThrow();
    }

    Connection connect(String shard) {
        return pools.connect(shard).orElseThrow();
    }

    /** The source table's definition, read once per run. */
    TableSchema sourceSchema(String shard, String table) throws SQLException {
        String key = shard + "/" + table;
        TableSchema schema = schemas.get(key);
        if (schema == null) {
            try (Connection c = connect(shard)) {
                schema = pools.dialect(shard).describe(c, table).orElseThrow(() -> new PhaseFailure(ReshardError.of(
                        ErrorCode.PLAN_GENERATION_FAILED, "table " + table + " no longer exists on shard " + shard)));
            }
            schemas.put(key, schema);
        }
        return schema;
    }

    /**
     * Stops with {@code reshard.schema_changed} when a source table's definition changed since the operation started
     * ({@code phaseCode}, the phase's own failure code, is no longer used: the change is not a copy or replication fault).
     */
    void checkSourceSchemas(ErrorCode phaseCode) throws SQLException {
        schemas.clear();
        List<String> changed = new ArrayList<>();
        for (String source : sources()) {
            for (String table : plan.tables()) {
                String recorded = state.sourceSchemas().get(source + "/" + table);
                String now = sourceSchema(source, table).fingerprint();
                if (recorded != null && !recorded.equals(now)) {
                    changed.add("table " + table + " on shard " + source + " changed: was {" + recorded + "}, is {" + now + "}");
                }
            }
        }
        if (!changed.isEmpty()) {
            throw new PhaseFailure(ReshardError.of(ErrorCode.SCHEMA_CHANGED, "a source table's definition changed during the operation; rows cannot be"
                    + " moved safely — roll back, and start again once the schema change is done", changed));
        }
    }

    /**
     * Foreign keys that reference or leave the operation's tables, from every source shard's catalog (each
     * constraint once), read once per run.
     */
    List<org.reshard.shard.ForeignKey> foreignKeys() throws SQLException {
        if (foreignKeys == null) {
            Map<String, org.reshard.shard.ForeignKey> found = new LinkedHashMap<>();
            for (String source : sources()) {
                // A source that cannot be reached now (cleanup of the others goes on) adds nothing; the others have the same schema.
                try (Connection c = connect(source)) {
                    pools.dialect(source).foreignKeys(c, plan.tables()).forEach(k -> found.putIfAbsent(k.child() + "/" + k.name(), k));
                } catch (SQLException | ReshardException e) {
                    telemetry.event("could not read the foreign keys of shard " + source + ": " + e.getMessage());
                }
            }
            foreignKeys = List.copyOf(found.values());
        }
        return foreignKeys;
    }

    /** The operation's tables ordered by their foreign keys (parents first), read once per run. */
    TableOrder tableOrder() throws SQLException {
        if (tableOrder == null) {
            tableOrder = TableOrder.of(plan.tables(), foreignKeys());
            if (!tableOrder.inCycles().isEmpty()) {
                event("tables " + String.join(", ", tableOrder.inCycles()) + " reference each other in a cycle; they are written in"
                        + " the operation's order (no foreign key is checked on reshard's writes, so any order is accepted)");
            }
        }
        return tableOrder;
    }

    /** Change capture on a source: every table of the plan, with the ranges leaving that source. */
    SourceCapture capture(String source) throws SQLException {
        SourceCapture capture = captures.get(source);
        if (capture == null) {
            List<HashRange> moving = new ArrayList<>(new LinkedHashSet<>(stepsFrom(source).stream().flatMap(s -> s.ranges().stream()).toList()));
            moving.sort(null);
            List<CapturedTable> tables = new ArrayList<>();
            // Parents first: the applier writes arriving rows in this order and deletes in the reverse, as cleanup does.
            for (String table : tableOrder().parentsFirst()) {
                tables.add(new CapturedTable(table(table), sourceSchema(source, table), moving));
            }
            org.reshard.state.SourceCaptureState recorded = state.capture(source).orElse(null);
            if (recorded != null && recorded.method().equals(org.reshard.cdc.CaptureMethod.LOGICAL.label())) {
                capture = new SourceCapture(pools, source, tables, recorded.slot());
                capture.startFrom(recorded.position());
            } else {
                capture = new SourceCapture(pools, source, tables);
            }
            captures.put(source, capture);
        }
        return capture;
    }

    /** Forgets the sources' captures (and closes their change streams): the next use builds them from the state again. */
    void forgetCaptures() {
        captures.values().forEach(SourceCapture::close);
        captures.clear();
        appliers.clear();
    }

    /** Records that a source's capture is installed: from now on, a logical capture whose slot is gone has lost changes. */
    void captureInstalled(String source) {
        state.capture(source).filter(c -> !c.installed())
                .ifPresent(c -> update(b -> b.capture(source, c.withInstalled(true)), Durability.CHECKPOINT));
    }

    /** Removes a source's change capture (idempotent) and records that it is gone, so its missing slot is no loss. */
    void removeCapture(String source) throws SQLException {
        capture(source).remove();
        state.capture(source).filter(SourceCaptureState::installed)
                .ifPresent(c -> update(b -> b.capture(source, c.withInstalled(false)), Durability.CHECKPOINT));
    }

    /**
     * Stops with {@code phaseCode} when a source's logical capture was installed and its replication slot is gone
     * (dropped by hand, or a restored backup): the changes since it are lost, and re-creating it would hide that.
     */
    void checkCaptureInPlace(ErrorCode phaseCode) throws SQLException {
        for (String source : sources()) {
            var recorded = state.capture(source);
            if (recorded.isPresent() && recorded.get().installed() && !capture(source).captureInPlace()) {
                throw new PhaseFailure(ReshardError.of(phaseCode, "replication slot " + recorded.get().slot() + " on shard " + source
                        + " is gone, so changes written there since it was created may be lost — roll back, and start again"));
            }
        }
    }

    /**
     * Probes every target with a fresh connection (a pooled one may predate a crash): a phase that touched no target (no
     * change waited for one) still finds one that is down, so the fault is reported, and retried, in that phase.
     */
    void checkTargetsAnswer() {
        for (String target : targets()) {
            pools.probe(target).orElseThrow();
        }
    }

    /** Shards that receive rows, in plan order. */
    List<String> targets() {
        return plan.steps().stream().map(PlanStep::targetShard).distinct().toList();
    }

    List<PlanStep> stepsTo(String target) {
        return plan.steps().stream().filter(s -> s.targetShard().equals(target)).toList();
    }

    /**
     * Reverse capture on a target: every table of the plan, with the ranges that moved to that target — the rows
     * applications write there after cutover, which reverse replication applies back to the old owners.
     */
    SourceCapture reverseCapture(String target) throws SQLException {
        SourceCapture capture = reverseCaptures.get(target);
        if (capture == null) {
            List<HashRange> arrived = new ArrayList<>(new LinkedHashSet<>(stepsTo(target).stream().flatMap(s -> s.ranges().stream()).toList()));
            arrived.sort(null);
            List<CapturedTable> tables = new ArrayList<>();
            for (String table : tableOrder().parentsFirst()) {
                // The target's table has the source's definition (copied, or checked compatible at planning).
                tables.add(new CapturedTable(table(table), sourceSchema(stepsTo(target).getFirst().sourceShard(), table), arrived));
            }
            capture = new SourceCapture(pools, target, tables, org.reshard.cdc.CaptureKind.REVERSE);
            reverseCaptures.put(target, capture);
        }
        return capture;
    }

    /** Applies a target's reverse changes to the old owners of its rows. */
    ChangeApplier reverseApplier(String target) throws SQLException {
        ChangeApplier applier = reverseAppliers.get(target);
        if (applier == null) {
            applier = new ChangeApplier(pools, reverseCapture(target), stepsTo(target).stream()
                    .map(s -> new ChangeRoute(s.table(), s.sourceShard(), s.ranges())).toList());
            reverseAppliers.put(target, applier);
        }
        return applier;
    }

    ChangeApplier applier(String source) throws SQLException {
        ChangeApplier applier = appliers.get(source);
        if (applier == null) {
            applier = new ChangeApplier(pools, capture(source), stepsFrom(source).stream().map(OperationContext::route).toList(),
                    table -> IncomingCopies.restore(this, source, table));
            appliers.put(source, applier);
        }
        return applier;
    }

    static ChangeRoute route(PlanStep step) {
        return new ChangeRoute(step.table(), step.targetShard(), step.ranges());
    }

    /** Step n of the plan. */
    PlanStep step(int index) {
        return plan.steps().stream().filter(s -> s.index() == index).findFirst().orElseThrow();
    }

    static String describe(PlanStep step) {
        return "step " + step.index() + " (" + step.table() + " " + step.sourceShard() + " → " + step.targetShard() + ")";
    }
}
