package org.reshard.ui.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.cli.ReshardCommand;
import org.reshard.plan.Planner;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.plan.design.DesignStrategy;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.ui.common.Background;
import org.reshard.ui.common.UiExecutor;

/** The designer screen's logic without a window: operations, the live estimate, saving as the target, reachability. */
class DesignerViewModelTest {

    @TempDir
    static Path workspace;

    @TempDir
    Path dir;

    private final ObjectProperty<Topology> current = new SimpleObjectProperty<>();
    private final ObjectProperty<Topology> target = new SimpleObjectProperty<>();
    private Background background;
    private DesignerViewModel model;

    @BeforeAll
    static void demo() {
        assertThat(ReshardCommand.commandLine().execute("demo", "init", "--dir", workspace.toString(), "--rows", "2000")).isZero();
    }

    @BeforeEach
    void load() {
        background = new Background(UiExecutor.DIRECT);
        current.set(new TopologyLoader().load(workspace.resolve("old.json")).orElseThrow());
        model = new DesignerViewModel(current, target, background, System::getenv);
        model.start().join();
    }

    @AfterEach
    void close() {
        background.close();
    }

    @Test
    void addingAShardShowsTheMoveOnTheRingAndSavesItAsTheTarget() {
        model.shardIdProperty().set("shard-2");
        model.shardUrlProperty().set("jdbc:sqlite:" + workspace.resolve("shard-2.db"));

        assertThat(model.addShard()).as(model.messageProperty().get()).isTrue();

        assertThat(model.shardIds()).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(model.summaryProperty().get()).matches("orders-v2: 3 shards; moves 3[23]\\.\\d% of the hash space, about 6\\d\\d rows, .*").contains("rows").contains("estimated duration");
        assertThat(model.diff().diagramProperty().get()).isNotNull();
        assertThat(model.diff().moveRows()).hasSize(2);
        assertThat(model.designProperty().get().estimate().rows()).isBetween(660L, 674L);

        model.savePathProperty().set(dir.resolve("designed.json").toString());
        assertThat(model.save().join()).as(model.messageProperty().get()).isTrue();

        assertThat(target.get().name()).isEqualTo("orders-v2");
        assertThat(target.get().source()).isEqualTo(dir.resolve("designed.json"));
        ReshardingPlan plan = new Planner().plan(new ReshardingRequest(current.get(), target.get())).orElseThrow();
        assertThat(plan.estimate().movedHashShare()).isCloseTo(model.designProperty().get().estimate().movedShare(), offset(1e-12));
    }

    @Test
    void anUnreachableNewShardIsNotSavedUnlessTheCheckIsSkipped() {
        model.shardIdProperty().set("shard-2");
        model.shardUrlProperty().set("jdbc:sqlite:" + dir.resolve("missing/shard-2.db"));
        assertThat(model.addShard()).isTrue();
        model.savePathProperty().set(dir.resolve("designed.json").toString());

        assertThat(model.save().join()).isFalse();
        assertThat(model.messageProperty().get()).contains("reshard.shard.unreachable").contains("shard-2");
        assertThat(dir.resolve("designed.json")).doesNotExist();
        assertThat(target.get()).isNull();

        model.skipCheckProperty().set(true);
        assertThat(model.save().join()).isTrue();
        assertThat(target.get().shardIds()).contains("shard-2");
    }

    @Test
    void operationsChainAndReportMistakesInWords() {
        assertThat(model.removeShard()).isFalse();
        assertThat(model.messageProperty().get()).isEqualTo("Choose a shard first.");
        assertThat(model.addShard()).isFalse();
        assertThat(model.messageProperty().get()).contains("id and a JDBC URL");

        model.selectedShardProperty().set("shard-1");
        model.shardIdProperty().set("shard-2");
        model.shardUrlProperty().set("jdbc:sqlite:" + workspace.resolve("shard-2.db"));
        assertThat(model.splitShard()).isTrue();
        assertThat(model.designProperty().get().estimate().movedShare()).isCloseTo(0.25, offset(1e-9));

        model.selectedShardProperty().set("shard-2");
        model.mergeIntoProperty().set("shard-0");
        assertThat(model.mergeShard()).isTrue();
        assertThat(model.shardIds()).containsExactly("shard-0", "shard-1");

        model.strategyProperty().set(DesignStrategy.FEWEST_RANGES);
        assertThat(model.rebalance()).isTrue();
        assertThat(model.designProperty().get().topology().partition().ranges()).hasSize(2);

        model.shardIdProperty().set("shard-0");
        model.shardUrlProperty().set("jdbc:sqlite:" + workspace.resolve("shard-2.db"));
        assertThat(model.addShard()).isFalse();
        assertThat(model.messageProperty().get()).contains("reshard.topology.invalid").contains("already exists");
    }

    @Test
    void saveNeedsADesignAndAPath() {
        assertThat(model.save().join()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("Design something first");
    }
}
