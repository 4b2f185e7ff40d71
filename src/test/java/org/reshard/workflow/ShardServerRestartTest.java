package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.observe.HealthReport;
import org.reshard.observe.HealthStatus;
import org.reshard.observe.ReshardingHealthCheck;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.RegistryRoutedWriter;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.SecondPostgresServer;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;
import org.reshard.topology.ShardSpec;

/**
 * One shard's PostgreSQL server (a second server the test starts) crashes ({@code pg_ctl stop -m immediate})
 * in each phase while an application writes, and comes back a few seconds later: the operation waits, says
 * so (events, state file, health), goes on by itself, and every acknowledged write ends on its owner exactly
 * once — checked against the writer's record of what it was told was committed. The crashed server holds the
 * new shard (a target) in one set of runs and an old one (a source) in the other.
 */
class ShardServerRestartTest {

    /** How long the server stays down; the first retries (about 1, 2 and 4 s later) meet it down. */
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final int ORDERS = 1_500;

    private static SecondPostgresServer server;

    @TempDir
    Path dir;

    /** Which shard lives on the server that crashes. */
    enum Crashed {
        /** shard-2, which only the new topology has: every move goes there. */
        TARGET,
        /** shard-1, which both topologies have: it loses rows to shard-2. */
        SOURCE
    }

    /** When the server crashes: as a phase starts, or (CuttingOver) inside the write pause, after the fences went up. */
    enum Moment {
        COPYING, REPLICATING, VERIFYING, WRITE_PAUSE, CLEANING_UP
    }

    @BeforeAll
    static void startServer() {
        server = SecondPostgresServer.start("restart");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void serverBack() {
        server.startIfStopped();
    }

    @ParameterizedTest(name = "target server restarts at {0}")
    @EnumSource(Moment.class)
    void aTargetServerRestartIsRiddenOutAndEveryWriteLandsOnceOnItsOwner(Moment moment) throws Exception {
        ridesOut(Crashed.TARGET, moment);
    }

    @ParameterizedTest(name = "source server restarts at {0}")
    @EnumSource(Moment.class)
    void aSourceServerRestartIsRiddenOutAndEveryWriteLandsOnceOnItsOwner(Moment moment) throws Exception {
        ridesOut(Crashed.SOURCE, moment);
    }

    private void ridesOut(Crashed crashed, Moment moment) throws Exception {
        try (ReshardingScenario scenario = scenario(crashed)) {
            String shard = crashed == Crashed.TARGET ? "shard-2" : "shard-1";
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            List<String> events = new CopyOnWriteArrayList<>();
            List<HealthReport> healthWhileWaiting = new CopyOnWriteArrayList<>();
            ReshardingOutcome outcome;
            RegistryRoutedWriter writer = scenario.startWriter(before, 1);
            CrashAt listener = null;
            org.reshard.testing.TestTelemetry telemetry = new org.reshard.testing.TestTelemetry();
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store, telemetry.telemetry());
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                listener = new CrashAt(moment, OUTAGE) {
                    @Override
                    public void event(String id, String message) {
                        super.event(id, message);
                        events.add(message);
                        if (message.startsWith("waiting for ")) {
                            healthWhileWaiting.add(new ReshardingHealthCheck(store).check());
                        }
                    }
                };
                outcome = orchestrator.execute(plan, options(Duration.ofMinutes(2)), RunHooks.approving().withListener(listener)).orElseThrow();
            } finally {
                writer.stop();
                if (listener != null) {
                    listener.awaitRestart();
                }
            }
            assertThat(outcome).as(String.join("\n", events)).isInstanceOf(ReshardingOutcome.Finished.class);
            assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(outcome.state().waiting()).isNull();
            String all = String.join("\n", events);
            // On PostgreSQL, cleanup deletes from the sources only: a target that is down then is never waited for.
            if (crashed == Crashed.SOURCE || moment != Moment.CLEANING_UP) {
                String waiting = "waiting for shard " + shard + " (127.0.0.1:" + server.port() + "): ";
                assertThat(events).as(all).anyMatch(e -> e.startsWith(waiting) && e.contains(" — retry 1 in "));
                assertThat(events).as(all).anyMatch(e -> e.startsWith("shard " + shard + " (127.0.0.1:" + server.port() + ") answers again"));
                assertThat(telemetry.counterSum(org.reshard.observe.ReshardingMetrics.RETRIES, org.reshard.observe.ReshardingMetrics.SHARD, shard))
                        .as("retries counted").isPositive();
                assertThat(telemetry.spans()).as("the phase's span records the wait")
                        .anyMatch(span -> span.getEvents().stream().anyMatch(e -> e.getName().equals("reshard.waiting")));
                assertThat(healthWhileWaiting).isNotEmpty().allSatisfy(h -> {
                    assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
                    assertThat(h.description()).contains("waits for shard " + shard);
                });
            }
            if (moment == Moment.WRITE_PAUSE) {
                assertThat(events).as(all).anyMatch(e -> e.startsWith("cutover undone after a fault"));
            }
            assertThat(writer.acknowledged()).isGreaterThan(30);
            scenario.assertExactlyOnceOnOwners(before, writer);
            scenario.snapshot().objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
        }
    }

    /** A qualified exception class name, as a wrapped exception's toString() shows it. */
    private static final java.util.regex.Pattern CLASS_NAME = java.util.regex.Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z][A-Za-z]+Exception");

    @ParameterizedTest(name = "{0} down at {1} past the budget: {2}")
    @CsvSource({
            "TARGET, COPYING, COPY_FAILED",
            "TARGET, REPLICATING, REPLICATION_FAILED",
            "TARGET, VERIFYING, VERIFICATION_INCOMPLETE",
            "TARGET, WRITE_PAUSE, CUTOVER_FAILED",
            "SOURCE, CLEANING_UP, CLEANUP_FAILED"})
    void aShardDownLongerThanTheBudgetFailsWithThePhaseCodeNamingTheShardAndResumeCompletes(Crashed crashed, Moment moment,
                                                                                            ErrorCode code) throws Exception {
        try (ReshardingScenario scenario = scenario(crashed)) {
            String shard = crashed == Crashed.TARGET ? "shard-2" : "shard-1";
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            RegistryRoutedWriter writer = scenario.startWriter(before, 1);
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                // Down for good (until the test starts it again): the 3 s budget runs out.
                ReshardingOutcome failed = orchestrator.execute(plan, options(Duration.ofSeconds(3)),
                        RunHooks.approving().withListener(new CrashAt(moment, null))).orElseThrow();
                assertThat(failed).as(String.valueOf(failed)).isInstanceOf(ReshardingOutcome.Failed.class);
                ReshardError error = ((ReshardingOutcome.Failed) failed).error();
                assertThat(error.code()).isEqualTo(code);
                assertThat(error.message()).contains("failed on shard " + shard + " after retrying for 3 s", "reshard resume");
                assertThat(error.cause().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
                assertThat(error.cause().message()).contains("shard " + shard + " (jdbc:postgresql://127.0.0.1:" + server.port());
                assertThat(CLASS_NAME.matcher(error.message() + error.cause().message()).find()).as(error.describe()).isFalse();
                var stored = store.get(failed.state().id()).orElseThrow();
                assertThat(stored.waiting()).isNull();
                assertThat(stored.failure().code()).isEqualTo(code.code());
                assertThat(stored.failure().cause().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE.code());

                server.start();
                ReshardingOutcome done = orchestrator.resume(failed.state().id(), RunHooks.approving()).orElseThrow();
                assertThat(done.state().phase()).as(String.valueOf(done)).isEqualTo(ReshardingPhase.COMPLETED);
            } finally {
                writer.stop();
            }
            scenario.assertExactlyOnceOnOwners(before, writer);
        }
    }

    /** Old topology shard-0, shard-1; new adds shard-2. The crashed shard lives on the second server; the rest and the registry on the main one. */
    private ReshardingScenario scenario(Crashed crashed) throws Exception {
        String id = crashed == Crashed.TARGET ? "shard-2" : "shard-1";
        String url = server.createDatabase("restart_" + Long.toHexString(System.nanoTime()));
        return new ReshardingScenario(Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, ORDERS,
                Map.of(id, new ShardSpec(id, url, null, null)), null);
    }

    private static ReshardingOptions options(Duration retryFor) {
        return ReshardingWorkflowTest.options().withRetryFor(retryFor);
    }

    /** Crashes the second server at the moment, once, and (given an outage) starts it again that much later. */
    private static class CrashAt implements ReshardingListener {
        private final Moment moment;
        private final Duration outage;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile Thread restart;

        CrashAt(Moment moment, Duration outage) {
            this.moment = moment;
            this.outage = outage;
        }

        /** Waits until the server was started again (the operation may end before, when the phase did not need it). */
        void awaitRestart() throws InterruptedException {
            if (restart != null) {
                restart.join();
            }
        }

        @Override
        public void phaseStarted(String id, ReshardingPhase phase) {
            if (moment != Moment.WRITE_PAUSE && phase.name().equals(moment.name())) {
                crash();
            }
        }

        @Override
        public void event(String id, String message) {
            if (moment == Moment.WRITE_PAUSE && message.equals("write pause: applying the last changes")) {
                crash();
            }
        }

        private void crash() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            server.crash();
            if (outage != null) {
                restart = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(outage.toMillis());
                        server.start();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
    }
}
