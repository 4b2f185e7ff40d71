package org.reshard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.testing.ChildJvm;

/** The SQLite state store: round trips, lookups, password refusal, schema versions, the process lock and crash durability. */
class SqliteStateStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void savesAndReadsBackEveryField() {
        ReshardingState state = StateSamples.state("rs-1", T0).edit()
                .advanceTo(ReshardingPhase.COPYING, T0.plusSeconds(2))
                .step(StepProgress.start(1).withCopied(20_000, StateSamples.cursor(20_000)).withTargetTableCreated())
                .step(StepProgress.start(2).withCopyDone().withReplication(7, 1200)
                        .withVerification(new Verification(false, 10, 9, "ab", "cd", List.of("[42]"))))
                .capturePosition("shard-0", 991)
                .publishedVersion(3L)
                .cleanupNotBefore(T0.plus(Duration.ofHours(24)))
                .failure(new StoredError("reshard.copy_failed", "boom"))
                .rollback(RollbackStatus.FAILED, new StoredError("reshard.rollback_failed", "again"))
                .build();
        try (SqliteStateStore store = open()) {
            store.save(state, ReshardingStateStore.Durability.PHASE_TRANSITION).orElseThrow();
        }
        try (SqliteStateStore store = open()) {
            assertThat(store.get("rs-1").orElseThrow()).isEqualTo(state);
        }
    }

    @Test
    void recordsPhaseHistoryWithTimings() {
        ReshardingState state = StateSamples.state("rs-h", T0).edit()
                .advanceTo(ReshardingPhase.COPYING, T0.plusSeconds(1))
                .advanceTo(ReshardingPhase.REPLICATING, T0.plusSeconds(5))
                .build();
        assertThat(state.lastCompletedPhase()).isEqualTo(ReshardingPhase.COPYING);
        assertThat(state.history()).extracting(PhaseTiming::phase)
                .containsExactly(ReshardingPhase.PLANNING, ReshardingPhase.COPYING, ReshardingPhase.REPLICATING);
        assertThat(state.history().get(1).duration(T0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(state.currentTiming()).get().extracting(PhaseTiming::phase).isEqualTo(ReshardingPhase.REPLICATING);
    }

    @Test
    void listsActiveOperationsOldestFirstAndAllNewestFirst() {
        try (SqliteStateStore store = open()) {
            save(store, StateSamples.state("rs-a", T0));
            save(store, StateSamples.state("rs-b", T0.plusSeconds(10)).edit().interruptTo(ReshardingPhase.ROLLED_BACK, T0.plusSeconds(20)).build());
            save(store, StateSamples.state("rs-c", T0.plusSeconds(30)).edit().interruptTo(ReshardingPhase.FAILED, T0.plusSeconds(40)).build());
            assertThat(store.listActive().orElseThrow()).extracting(ReshardingState::id).containsExactly("rs-a", "rs-c");
            assertThat(store.list().orElseThrow()).extracting(ReshardingState::id).containsExactly("rs-c", "rs-b", "rs-a");
        }
    }

    @Test
    void unknownIdIsNotFoundAndDeleteRemoves() {
        try (SqliteStateStore store = open()) {
            save(store, StateSamples.state("rs-x", T0));
            assertThat(store.delete("rs-x").orElseThrow()).isTrue();
            assertThat(store.delete("rs-x").orElseThrow()).isFalse();
            assertThat(error(store.get("rs-x")).code()).isEqualTo(ErrorCode.RESHARDING_NOT_FOUND);
            assertThat(error(store.get("rs-x")).message()).contains("rs-x", "reshard status");
        }
    }

    @Test
    void refusesLiteralPasswordsAndStoresEnvironmentReferencesOnly() throws Exception {
        ReshardingState literal = ReshardingState.start("rs-pw", StateSamples.plan("rs-pw", "s3cret-Pa55"), null, 1, T0);
        try (SqliteStateStore store = open()) {
            ReshardError error = error(store.save(literal, ReshardingStateStore.Durability.PHASE_TRANSITION));
            assertThat(error.code()).isEqualTo(ErrorCode.STATE_STORE_FAILED);
            assertThat(error.message()).contains("$.plan.from.topology.shards[0].password").doesNotContain("s3cret-Pa55");
            save(store, StateSamples.state("rs-env", T0));
        }
        assertThat(fileText()).doesNotContain("s3cret-Pa55").contains("${env:ORDERS_PW}");
    }

    @Test
    void usesWalAndRecordsTheSchemaVersion() throws Exception {
        try (SqliteStateStore store = open()) {
            save(store, StateSamples.state("rs-1", T0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + stateFile()); Statement s = c.createStatement()) {
            assertThat(scalar(s, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(scalar(s, "PRAGMA user_version")).isEqualTo(String.valueOf(SqliteStateStore.SCHEMA_VERSION));
        }
    }

    @Test
    void refusesAFileFromANewerVersionAndForeignFiles() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + stateFile()); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThat(error(SqliteStateStore.open(stateFile())).message()).contains("newer reshard", "schema 99");

        Path foreign = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER)");
        }
        assertThat(error(SqliteStateStore.open(foreign)).message()).contains("not reshard's");

        Path text = dir.resolve("notes.db");
        Files.writeString(text, "this is not a database, just some text that is long enough to have a header........");
        assertThat(error(SqliteStateStore.open(text)).code()).isEqualTo(ErrorCode.STATE_STORE_FAILED);
    }

    @Test
    void readOnlyStoreReadsWhileAWriterHoldsTheFileAndCannotWrite() {
        try (SqliteStateStore writer = open()) {
            save(writer, StateSamples.state("rs-1", T0));
            try (SqliteStateStore reader = SqliteStateStore.openReadOnly(stateFile()).orElseThrow()) {
                assertThat(reader.listActive().orElseThrow()).extracting(ReshardingState::id).containsExactly("rs-1");
                assertThat(error(reader.save(StateSamples.state("rs-2", T0), ReshardingStateStore.Durability.CHECKPOINT)).message())
                        .contains("read-only");
            }
        }
        assertThat(error(SqliteStateStore.openReadOnly(dir.resolve("missing.db"))).message()).contains("does not exist");
    }

    @Test
    void aSecondStoreInTheSameProcessIsRefused() {
        try (SqliteStateStore first = open()) {
            ReshardError error = error(SqliteStateStore.open(stateFile()));
            assertThat(error.code()).isEqualTo(ErrorCode.STATE_STORE_FAILED);
            assertThat(error.message()).contains("in use by another reshard process", "pid " + ProcessHandle.current().pid());
        }
        open().close();
    }

    @Test
    void aSecondProcessGetsAClearErrorAndTheLockDiesWithTheHolder() throws Exception {
        try (ChildJvm holder = ChildJvm.start(StateStoreChild.class, stateFile().toString(), "hold")) {
            holder.awaitLine("locked"::equals, Duration.ofSeconds(30));
            ReshardError error = error(SqliteStateStore.open(stateFile()));
            assertThat(error.message()).contains("in use by another reshard process", "pid ");
            holder.killHard();
        }
        try (SqliteStateStore store = open()) {
            assertThat(store.listActive().orElseThrow()).isEmpty();
        }
    }

    @Test
    void everyReportedSaveSurvivesSigkillOfTheWriter() throws Exception {
        long reported;
        try (ChildJvm writer = ChildJvm.start(StateStoreChild.class, stateFile().toString(), "save")) {
            String line = writer.awaitLine(l -> l.startsWith("saved ") && Long.parseLong(l.substring(6)) >= 300, Duration.ofSeconds(60));
            writer.killHard();
            List<String> output = writer.output();
            reported = Long.parseLong(output.getLast().startsWith("saved ") ? output.getLast().substring(6) : line.substring(6));
        }
        try (SqliteStateStore store = open()) {
            StepProgress step = store.get("rs-crash").orElseThrow().step(1);
            assertThat(step.rowsCopied()).isGreaterThanOrEqualTo(reported * 1000);
            assertThat(step.copyCursor().toString()).isEqualTo(StateSamples.cursor(step.rowsCopied()).toString());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + stateFile()); Statement s = c.createStatement()) {
            assertThat(scalar(s, "PRAGMA integrity_check")).isEqualTo("ok");
        }
    }

    private SqliteStateStore open() {
        return SqliteStateStore.open(stateFile()).orElseThrow();
    }

    private Path stateFile() {
        return dir.resolve("state.db");
    }

    private String fileText() throws Exception {
        StringBuilder text = new StringBuilder(new String(Files.readAllBytes(stateFile()), java.nio.charset.StandardCharsets.ISO_8859_1));
        Path wal = Path.of(stateFile() + "-wal");
        if (Files.exists(wal)) {
            text.append(new String(Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    private static void save(ReshardingStateStore store, ReshardingState state) {
        store.save(state, ReshardingStateStore.Durability.PHASE_TRANSITION).orElseThrow();
    }

    private static String scalar(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static <T> ReshardError error(Result<T> result) {
        assertThat(result).isInstanceOf(Result.Failure.class);
        return ((Result.Failure<T>) result).error();
    }
}
