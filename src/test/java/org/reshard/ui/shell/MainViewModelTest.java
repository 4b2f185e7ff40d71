package org.reshard.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.Await;
import org.reshard.testing.DemoConsole;
import org.reshard.ui.cutover.CutoverViewModel;
import org.reshard.ui.run.PhaseItem;

/** The window's view-model: the status bar follows a start, and a resume brings the stored operation and its workspace back. */
class MainViewModelTest {

    @TempDir
    Path home;

    private DemoConsole console;

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void theStatusBarFollowsAStartAndAResumeAtTheGateShowsTheStoredOperationAndItsWorkspaceAtOnce() throws Exception {
        console = DemoConsole.open(home).openDemo();
        MainViewModel main = console.main();
        Await.until(DemoConsole.WAIT, () -> console.session().planProperty().get() != null);
        main.health().check();
        Await.until(DemoConsole.WAIT, () -> main.health().textProperty().get().contains("no resharding is active"));
        main.plan().options().batchSizeProperty().set("500");
        main.startPlan();
        // No poll runs in this test: only the start itself can change the status bar.
        Await.until(DemoConsole.WAIT, () -> !main.health().textProperty().get().contains("no resharding is active"));
        Await.until(DemoConsole.WAIT, () -> main.run().gateRequestProperty().get() != null);
        new CutoverViewModel(main.run().gateRequestProperty().get()).later();
        Await.until(DemoConsole.WAIT, () -> !main.run().runningProperty().get() && !main.run().outcomeProperty().get().isEmpty());
        String id = main.run().operationIdProperty().get();

        // Relaunch: a new window on the same state file, nothing loaded.
        console.close();
        console = DemoConsole.open(home);
        MainViewModel relaunched = console.main();
        relaunched.start().refresh();
        Await.until(DemoConsole.WAIT, () -> !relaunched.start().interrupted().isEmpty());
        assertThat(console.session().current()).isEmpty();
        relaunched.resume(id);
        Await.until(DemoConsole.WAIT, () -> relaunched.run().gateRequestProperty().get() != null);
        // While the gate asks, nothing else reports progress: what shows comes from the state store.
        Await.until(DemoConsole.WAIT, () -> relaunched.run().steps().size() == 2);
        assertThat(relaunched.run().steps()).allSatisfy(s -> {
            assertThat(s.copied()).isEqualTo(1.0);
            assertThat(s.verified()).startsWith("✓");
        });
        assertThat(relaunched.run().timeline()).extracting(PhaseItem::state).startsWith(PhaseItem.State.DONE, PhaseItem.State.DONE,
                PhaseItem.State.DONE, PhaseItem.State.DONE);
        assertThat(relaunched.run().headlineProperty().get()).doesNotContain("(0.0%)");
        Await.until(DemoConsole.WAIT, () -> console.session().current().isPresent() && console.session().target().isPresent()
                && relaunched.plan().steps().size() == 2);
        assertThat(console.session().current().orElseThrow().name()).isEqualTo("orders-v1");
        assertThat(console.session().target().orElseThrow().name()).isEqualTo("orders-v2");
        assertThat(relaunched.plan().titleProperty().get()).contains(id);
        new CutoverViewModel(relaunched.run().gateRequestProperty().get()).later();
        Await.until(DemoConsole.WAIT, () -> !relaunched.run().runningProperty().get());
    }
}
