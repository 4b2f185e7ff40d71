package org.reshard.ui.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.DemoConsole;

/** The Plan screen's view-model: the demo's plan, its totals and whether it can start. */
class PlanViewModelTest {

    @TempDir
    Path home;

    private DemoConsole console;

    @AfterEach
    void close() {
        console.close();
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
}
