package org.reshard.ui.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.cdc.CaptureSetting;
import org.reshard.testing.Await;
import org.reshard.testing.DemoConsole;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The Plan screen's view-model: the demo's plan, its totals, each source's change capture and whether it can start. */
class PlanViewModelTest {

    @TempDir
    Path home;

    private DemoConsole console;

    @AfterEach
    void close() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void theDemoIsPlannedAndCanStart() throws Exception {
        console = DemoConsole.open(home).openDemo().awaitPlan();
        PlanViewModel plan = console.main().plan();
        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.totalsProperty().get()).contains("2 steps", "50.0% of the hash space");
        assertThat(plan.canStartProperty().get()).isTrue();
        assertThat(plan.options().explanationProperty().get()).isEqualTo("Writes pause for at most 30s; moved rows stay on the sources for 1d after cutover.");
    }

    @Test
    void eachSqliteSourceCapturesWithTriggersAndAForcedLogicalCaptureIsAProblemTheOptionsCarry() throws Exception {
        console = DemoConsole.open(home).openDemo().awaitPlan();
        PlanViewModel plan = console.main().plan();
        Await.until(DemoConsole.WAIT, () -> plan.captures().size() == 2);
        assertThat(plan.captures()).extracting(CaptureRow::source).containsExactly("shard-0", "shard-1");
        assertThat(plan.captures()).allSatisfy(row -> {
            assertThat(row.method()).isEqualTo("triggers");
            assertThat(row.reason()).contains("SQLite has no write-ahead log to decode");
            assertThat(row.problem()).isFalse();
        });
        assertThat(plan.captureNoteProperty().get()).isEmpty();

        plan.options().captureProperty().set(CaptureSetting.LOGICAL);
        Await.until(DemoConsole.WAIT, () -> plan.captures().size() == 2 && plan.captures().stream().allMatch(CaptureRow::problem)
                && plan.captureNoteProperty().get().startsWith("Pre-flight"));
        assertThat(plan.captures()).allSatisfy(row -> {
            assertThat(row.method()).isEqualTo("not possible");
            assertThat(row.reason()).contains("--capture logical needs PostgreSQL");
        });
        assertThat(plan.captureNoteProperty().get()).startsWith("Pre-flight will refuse to start: 2 sources cannot use logical capture");
        assertThat(plan.options().build().capture()).isEqualTo(CaptureSetting.LOGICAL);

        Path export = home.resolve("plan.json");
        plan.export(export);
        JsonNode json = new ObjectMapper().readTree(export.toFile());
        assertThat(json.get("capture").get("shard-0").get("problem").asText()).contains("--capture logical needs PostgreSQL");
    }

    @Test
    void postgresSourcesCaptureFromTheWalUnlessTriggersAreChosen() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(ShardFixture.Kind.POSTGRES, Files.createDirectories(home.resolve("pg")), 2, Strategy.RANGE, 3,
                Strategy.RANGE, 200)) {
            console = DemoConsole.open(home);
            console.session().currentTopologyProperty().set(scenario.oldTopology());
            console.session().targetTopologyProperty().set(scenario.newTopology());
            PlanViewModel plan = console.main().plan();
            Await.until(DemoConsole.WAIT, () -> !plan.captures().isEmpty());
            assertThat(plan.captures()).allSatisfy(row -> {
                assertThat(row.method()).isEqualTo("logical");
                assertThat(row.reason()).contains("wal_level is logical", "capturing from the WAL");
            });

            plan.options().captureProperty().set(CaptureSetting.TRIGGERS);
            Await.until(DemoConsole.WAIT, () -> !plan.captures().isEmpty() && plan.captures().stream().allMatch(r -> r.method().equals("triggers")));
            assertThat(plan.captures()).allSatisfy(row -> assertThat(row.reason()).contains("--capture triggers"));
        }
    }
}
