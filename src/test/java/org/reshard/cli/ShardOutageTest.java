package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.SqliteStateStore;
import org.reshard.state.StoredError;
import org.reshard.testing.SecondPostgresServer;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.ShardedTables;
import org.reshard.testing.TestTelemetry;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/**
 * A target shard's PostgreSQL server (a second server, started by the test) crashes during an operation:
 * the failure keeps its phase's code, names the shard in a structured cause, shows no Java class name or
 * stack trace to the operator, and points at the operation's log file, which holds the stack trace.
 */
class ShardOutageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A qualified exception class name, as a wrapped exception's toString() shows it. */
    private static final Pattern CLASS_NAME = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z][A-Za-z]+Exception");
    private static final Pattern LOG_FILE = Pattern.compile("details in (\\S+\\.log)");
    private static final int ORDERS = 1_500;

    private static SecondPostgresServer server;

    @TempDir
    Path dir;

    private ShardFixture fixture;
    private Path oldFile;
    private Path newFile;
    private Topology oldTopology;
    private Topology newTopology;

    @BeforeAll
    static void startServer() {
        server = SecondPostgresServer.start("outage");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void shards() throws Exception {
        fixture = new ShardFixture(ShardFixture.Kind.POSTGRES, dir);
        ShardSpec s0 = fixture.shard("shard-0");
        ShardSpec s1 = fixture.shard("shard-1");
        String database = "outage_" + Long.toHexString(System.nanoTime());
        ShardSpec s2 = new ShardSpec("shard-2", server.createDatabase(database), null, null);
        String registry = fixture.shard("registry").url();
        oldFile = topology("old.json", "orders-old", registry, List.of(s0, s1));
        newFile = topology("new.json", "orders-new", registry, List.of(s0, s1, s2));
        TopologyLoader loader = new TopologyLoader();
        oldTopology = loader.load(oldFile).orElseThrow();
        newTopology = loader.load(newFile).orElseThrow();
        for (ShardSpec shard : oldTopology.shards()) {
            ShardedTables.create(shard);
        }
        ShardedTables.fill(oldTopology, ORDERS, 42);
    }

    @AfterEach
    void dropShards() {
        try {
            server.startIfStopped(); // a test that failed with the server down must not break the next one
        } finally {
            fixture.close();
        }
    }

    @Test
    void targetDownDuringCopyingFailsAsCopyFailedNamingTheShardAndResumesOnceItIsBack() throws Exception {
        String state = dir.resolve("state.db").toString();
        Cli run = cli("Copying started", "run", "--from", oldFile.toString(), "--to", newFile.toString(), "--state", state,
                "--approve-cutover", "--retention", "0s", "--batch-size", "200", "--retry-for", "0s", "--json");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        JsonNode outcome = lastJson(run.out());
        JsonNode error = outcome.get("error");
        assertThat(error).as(run.all()).isNotNull();
        assertThat(error.get("code").asText()).as(error.toString()).isEqualTo("reshard.copy_failed");
        assertUnreachableShard2(error);
        assertOperatorSafe(run.all());
        assertLogFileHoldsStackTrace(error.get("message").asText());
        String id = outcome.get("id").asText();

        // The state store keeps the same code and cause.
        try (SqliteStateStore store = SqliteStateStore.open(Path.of(state)).orElseThrow()) {
            StoredError stored = store.get(id).orElseThrow().failure();
            assertThat(stored.code()).isEqualTo("reshard.copy_failed");
            assertThat(stored.cause().code()).isEqualTo("reshard.shard.unreachable");
            assertThat(stored.cause().message()).contains("shard-2", "127.0.0.1:" + server.port());
            assertOperatorSafe(stored.message() + "\n" + stored.cause().message());
        }
        Cli status = cli(null, "status", id, "--state", state, "--json");
        JsonNode statusError = MAPPER.readTree(status.out()).get("error");
        assertUnreachableShard2(statusError);

        // Resume while the server is still down: the same rules, as text this time.
        Cli down = cli(null, "resume", id, "--state", state, "--approve-cutover");
        assertThat(down.exitCode()).as(down.all()).isEqualTo(3);
        assertThat(down.err()).contains("error reshard.copy_failed: Copying failed on shard shard-2",
                "caused by reshard.shard.unreachable: shard shard-2 (jdbc:postgresql://127.0.0.1:" + server.port());
        assertOperatorSafe(down.all());
        assertLogFileHoldsStackTrace(down.err());

        server.start();
        Cli back = cli(null, "resume", id, "--state", state, "--approve-cutover", "--json");
        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(lastJson(back.out()).get("phase").asText()).isEqualTo("Completed");
    }

    @Test
    void targetDownDuringVerifyingIsNotAVerificationMismatchAndTheSpansCarryTheCause() throws Exception {
        TestTelemetry telemetry = new TestTelemetry();
        // Verifying's checksum query on shard-2 waits for a lock the test holds; the server crashes under it, so the
        // driver reports a broken connection mid-statement (no shard named) and reshard must find the shard itself.
        AtomicBoolean crashed = new AtomicBoolean();
        ReshardingListener crashAtVerifying = new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                if (phase == ReshardingPhase.VERIFYING && crashed.compareAndSet(false, true)) {
                    Thread.ofPlatform().daemon().start(ShardOutageTest.this::lockShard2AndCrashUnderTheWaitingQuery);
                    awaitLockHeld();
                }
            }
        };
        List<String> events = new ArrayList<>();
        ReshardingListener recording = new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                crashAtVerifying.phaseStarted(id, phase);
            }

            @Override
            public void event(String id, String message) {
                events.add(message);
            }
        };
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db")).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store, telemetry.telemetry());
            var plan = orchestrator.plan(new ReshardingRequest(oldTopology, newTopology)).orElseThrow();
            ReshardingOutcome outcome = orchestrator.execute(plan, options(), RunHooks.approving().withListener(recording)).orElseThrow();
            ReshardError error = assertFailed(outcome);
            String id = outcome.state().id();

            assertThat(events).allSatisfy(e -> assertThat(e).doesNotContain("\n"));
            events.forEach(ShardOutageTest::assertOperatorSafe);
            ReshardingState saved = store.get(id).orElseThrow();
            assertThat(saved.failure().code()).isEqualTo("reshard.verification_incomplete");
            assertThat(saved.failure().cause().code()).isEqualTo("reshard.shard.unreachable");
            SpanData failedPhase = telemetry.spans().stream()
                    .filter(s -> s.getAttributes().get(AttributeKey.stringKey("reshard.error.code")) != null)
                    .findFirst().orElseThrow();
            assertThat(failedPhase.getAttributes().get(AttributeKey.stringKey("reshard.error.cause"))).isEqualTo("reshard.shard.unreachable");
            for (SpanData span : telemetry.spans()) {
                span.getAttributes().forEach((key, value) -> assertOperatorSafe(String.valueOf(value)));
                assertOperatorSafe(span.getStatus().getDescription());
            }

            // Resume while down: same code and cause; then with the server back it completes.
            ReshardError again = assertFailed(orchestrator.resume(id, RunHooks.approving()).orElseThrow());
            assertThat(again.code()).isEqualTo(error.code());
            server.start();
            ReshardingOutcome done = orchestrator.resume(id, RunHooks.approving()).orElseThrow();
            assertThat(done).isInstanceOf(ReshardingOutcome.Finished.class);
            assertThat(done.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
        }
    }

    private final java.util.concurrent.CountDownLatch lockHeld = new java.util.concurrent.CountDownLatch(1);

    private void awaitLockHeld() {
        try {
            assertThat(lockHeld.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void lockShard2AndCrashUnderTheWaitingQuery() {
        String url = newTopology.shards().stream().filter(s -> s.id().equals("shard-2")).findFirst().orElseThrow().url();
        try (java.sql.Connection lock = java.sql.DriverManager.getConnection(url);
             java.sql.Connection watch = java.sql.DriverManager.getConnection(url);
             java.sql.Statement l = lock.createStatement(); java.sql.Statement w = watch.createStatement()) {
            lock.setAutoCommit(false);
            l.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            lockHeld.countDown();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (java.sql.ResultSet r = w.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            server.crash();
        } catch (java.sql.SQLException | InterruptedException expected) {
            // the connections die with the server
        }
    }

    /** Verifying that cannot reach a shard is incomplete, not a mismatch ({@code verification_failed}). */
    private static ReshardError assertFailed(ReshardingOutcome outcome) {
        assertThat(outcome).isInstanceOf(ReshardingOutcome.Failed.class);
        ReshardError error = ((ReshardingOutcome.Failed) outcome).error();
        assertThat(error.code()).as(error.describe()).isEqualTo(ErrorCode.VERIFICATION_INCOMPLETE);
        assertThat(error.cause()).as(error.describe()).isNotNull();
        assertThat(error.cause().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
        assertThat(error.cause().message()).contains("shard-2");
        assertThat(error.message()).contains("shard-2");
        assertOperatorSafe(error.describe());
        try {
            assertLogFileHoldsStackTrace(error.message());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return error;
    }

    private static org.reshard.workflow.ReshardingOptions options() {
        return org.reshard.workflow.ReshardingOptions.DEFAULTS.withBatchSize(200).withRetention(java.time.Duration.ZERO)
                .withLagThreshold(java.time.Duration.ofMillis(500)).withRetryFor(java.time.Duration.ZERO);
    }

    private void assertUnreachableShard2(JsonNode error) {
        JsonNode cause = error.get("cause");
        assertThat(cause).as(error.toString()).isNotNull();
        assertThat(cause.get("code").asText()).isEqualTo("reshard.shard.unreachable");
        assertThat(cause.get("message").asText()).contains("shard-2", "127.0.0.1:" + server.port());
        assertThat(error.get("message").asText()).contains("shard-2").doesNotContain(cause.get("message").asText());
    }

    private static void assertOperatorSafe(String text) {
        if (text == null) {
            return;
        }
        assertThat(CLASS_NAME.matcher(text).find()).as("a Java class name in: %s", text).isFalse();
        assertThat(text).doesNotContain("Exception:").doesNotContain("\tat ");
    }

    private static void assertLogFileHoldsStackTrace(String message) throws IOException {
        Matcher m = LOG_FILE.matcher(message);
        assertThat(m.find()).as("no log file named in: %s", message).isTrue();
        String name = m.group(1);
        Path file = name.startsWith("~/") ? Path.of(System.getProperty("user.home"), name.substring(2)) : Path.of(name);
        assertThat(file).exists();
        assertThat(Files.readString(file)).contains("\tat ");
    }

    private static JsonNode lastJson(String out) throws IOException {
        List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
        return MAPPER.readTree(lines.getLast());
    }

    private record Cli(int exitCode, String out, String err, String terminal) {
        String all() {
            return out + "\n" + err + "\n" + terminal;
        }
    }

    /** Runs the CLI in this JVM; what logging writes to System.err counts as terminal output too. */
    private static Cli cli(String crashWhen, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicBoolean crashed = new AtomicBoolean();
        java.io.Writer watched = crashWhen == null ? out : new java.io.Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                out.write(cbuf, off, len);
                if (new String(cbuf, off, len).contains(crashWhen) && crashed.compareAndSet(false, true)) {
                    server.crash();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        try {
            var commandLine = ReshardCommand.commandLine();
            commandLine.setOut(new PrintWriter(watched));
            commandLine.setErr(new PrintWriter(err));
            int code = commandLine.execute(args);
            if (crashWhen != null) {
                assertThat(crashed).as("never saw '%s' in %s", crashWhen, out).isTrue();
            }
            return new Cli(code, out.toString(), err.toString(), terminal.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(realErr);
            realErr.print(terminal.toString(StandardCharsets.UTF_8));
        }
    }

    private Path topology(String file, String name, String registry, List<ShardSpec> members) throws IOException {
        ObjectNode root = MAPPER.createObjectNode().put("name", name).put("registry", registry);
        root.putObject("routing").put("strategy", "hash-range").put("ranges", "equal");
        ArrayNode list = root.putArray("shards");
        members.forEach(s -> list.addObject().put("id", s.id()).put("url", s.url()));
        ArrayNode tables = root.putArray("tables");
        for (TableSpec table : ShardedTables.ALL) {
            ObjectNode node = tables.addObject().put("name", table.name()).put("shardKey", table.shardKey());
            table.primaryKey().forEach(node.putArray("primaryKey")::add);
        }
        Path path = dir.resolve(file);
        Files.writeString(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return path;
    }
}
