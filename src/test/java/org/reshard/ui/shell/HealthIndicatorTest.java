package org.reshard.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.observe.HealthStatus;
import org.reshard.testing.Await;
import org.reshard.testing.DemoConsole;
import org.reshard.testing.OrdersTopologyFile;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TopologyLoader;

/** The status bar's health: an orphan replication slot on a shard of a loaded topology turns it red, naming the slot. */
class HealthIndicatorTest {

    @TempDir
    Path home;

    @Test
    void anOrphanSlotOnALoadedShardShowsInTheStatusBar() throws Exception {
        String slot = "reshard_orphan_bar_" + UUID.randomUUID().toString().substring(0, 8);
        try (PostgresTestDatabase database = PostgresTestDatabase.create("healthbar");
             DemoConsole console = DemoConsole.open(home)) {
            database.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL)",
                    "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
            ShardSpec shard = new ShardSpec("shard-0", database.url() + "?user=" + PostgresTestDatabase.USER, null, null);
            var topology = new TopologyLoader().load(OrdersTopologyFile.write(home.resolve("t.json"), "orders-pg", List.of(shard))).orElseThrow();
            HealthIndicator health = console.main().health();
            health.check();
            Await.until(DemoConsole.WAIT, () -> health.textProperty().get().contains("no resharding has run")
                    || health.textProperty().get().contains("no resharding is active"));
            assertThat(health.statusProperty().get()).isEqualTo(HealthStatus.HEALTHY);

            console.session().currentTopologyProperty().set(topology);
            health.check();
            Await.until(DemoConsole.WAIT, () -> health.statusProperty().get() == HealthStatus.UNHEALTHY);
            assertThat(health.textProperty().get()).startsWith("Unhealthy: ").contains(slot, "shard-0", "bytes) of WAL",
                    "pg_drop_replication_slot('" + slot + "')");
        }
    }
}
