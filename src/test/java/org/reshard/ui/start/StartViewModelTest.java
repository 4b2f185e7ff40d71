package org.reshard.ui.start;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.DemoConsole;

/** The Start screen's view-model: the demo workspace opens and is remembered. */
class StartViewModelTest {

    @TempDir
    Path home;

    private DemoConsole console;

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void theDemoIsCreatedLoadedAndRememberedAsRecent() throws Exception {
        console = DemoConsole.open(home).openDemo();
        assertThat(console.session().current()).get().extracting(t -> t.name()).isEqualTo("orders-v1");
        assertThat(console.main().start().recent()).hasSize(1);
    }
}
