package org.reshard.ui.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.demo.DemoWorkspace;
import org.reshard.demo.DemoWorkspaceBuilder;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyJson;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * Which topology "Current topology" means, read from a real demo registry and hand-made operation states,
 * and the banner each case gets (times told in UTC).
 */
class ActiveTopologiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant CUTOVER = Instant.parse("2026-12-06T10:15:30Z");

    @TempDir
    Path dir;

    private DemoWorkspace demo;
    private Topology v1;
    private Topology v2;

    @BeforeEach
    void demo() {
        demo = new DemoWorkspaceBuilder(dir.resolve("demo"), 40, false).build().orElseThrow();
        v1 = new TopologyLoader().load(demo.oldTopology()).orElseThrow();
        v2 = new TopologyLoader().load(demo.newTopology()).orElseThrow();
    }

    @Test
    void beforeAnyOperationTheActiveVersionIsTheLoadedCurrentTopologyAndNeedsNoBanner() {
        ActiveTopology active = resolve(null, List.of());

        ActiveTopology.Registered registered = (ActiveTopology.Registered) active;
        assertThat(registered.topology()).isSameAs(v1);
        assertThat(registered.version()).isEqualTo(1);
        assertThat(registered.operation()).isEmpty();
        assertThat(notice(active, QueryViewModel.Target.CURRENT)).isEmpty();
        assertThat(notice(active, QueryViewModel.Target.TARGET)).hasValueSatisfying(m -> {
            assertThat(m.title()).isEqualTo("orders-v2 is not the registry's active topology");
            assertThat(m.text()).startsWith("Applications route by orders-v1 (version 1)");
        });
    }

    @Test
    void beforeTheCutoverTheOldTopologyIsAuthoritativeAndTheTargetIsBeingFilled() {
        ReshardingState copying = operation("op-1", ReshardingPhase.COPYING, null, null);

        ActiveTopology active = resolve(null, List.of(copying));

        assertThat(active.topology()).isSameAs(v1);
        assertThat(((ActiveTopology.Registered) active).operation()).contains(new ActiveTopology.MovingTo("op-1", ReshardingPhase.COPYING, "orders-v2"));
        QueryMessage banner = notice(active, QueryViewModel.Target.CURRENT).orElseThrow();
        assertThat(banner.kind()).isEqualTo(QueryMessage.Kind.INFO);
        assertThat(banner.title()).isEqualTo("Queries run on orders-v1, the registry's active topology, while operation op-1 moves rows to orders-v2 (Copying)");
        assertThat(banner.text()).isEqualTo("orders-v1 answers for every row until the cutover publishes orders-v2. orders-v2 is still being filled,"
                + " so its shards do not hold every row yet.");
        QueryMessage onTarget = notice(active, QueryViewModel.Target.TARGET).orElseThrow();
        assertThat(onTarget.kind()).isEqualTo(QueryMessage.Kind.WARNING);
        assertThat(onTarget.title()).isEqualTo("orders-v2 is still being filled (operation op-1, Copying)");
        assertThat(onTarget.text()).contains("orders-v1, the registry's active topology, answers for every row: choose Current topology");
    }

    @Test
    void afterTheCutoverTheNewActiveVersionIsQueriedAndTheBannerNamesTheOperation() throws SQLException {
        long version = new TopologyRegistry(v1.registryUrl()).publish(v2, CUTOVER);
        Instant keepUntil = CUTOVER.plusSeconds(86_400);
        ReshardingState cleaningUp = operation("op-1", ReshardingPhase.CLEANING_UP, version, keepUntil);

        ActiveTopology active = resolve(null, List.of(cleaningUp));

        // The loaded target itself, not a copy parsed from the registry: same shard pools, literal passwords kept.
        assertThat(active.topology()).isSameAs(v2);
        assertThat(((ActiveTopology.Registered) active).version()).isEqualTo(2);
        assertThat(((ActiveTopology.Registered) active).operation())
                .contains(new ActiveTopology.PublishedBy("op-1", ReshardingPhase.CLEANING_UP, "orders-v1", Optional.of(keepUntil)));
        QueryMessage banner = notice(active, QueryViewModel.Target.CURRENT).orElseThrow();
        assertThat(banner.title()).isEqualTo("Queries now run on orders-v2, the registry's active topology since 2026-12-06 10:15:30 (cutover of operation op-1)");
        assertThat(banner.text()).isEqualTo("The loaded current topology, orders-v1, is no longer active. The shards of orders-v1 keep the rows"
                + " that moved until 2026-12-07 10:15:30 (retention); queries on orders-v2 count each of them once, on its new owner.");
        assertThat(notice(active, QueryViewModel.Target.TARGET)).isEmpty();
    }

    @Test
    void aCompletedOperationIsStillNamedButNoRetentionIsClaimed() throws SQLException {
        long version = new TopologyRegistry(v1.registryUrl()).publish(v2, CUTOVER);
        ReshardingState completed = operation("op-1", ReshardingPhase.COMPLETED, version, CUTOVER);

        QueryMessage banner = notice(resolve(null, List.of(completed)), QueryViewModel.Target.CURRENT).orElseThrow();

        assertThat(banner.title()).endsWith("(cutover of operation op-1)");
        assertThat(banner.text()).isEqualTo("The loaded current topology, orders-v1, is no longer active.");
    }

    @Test
    void operationsOnAnotherRegistryAreNotTheOnesBehindTheActiveVersion() throws SQLException {
        long version = new TopologyRegistry(v1.registryUrl()).publish(v2, CUTOVER);
        Topology elsewhere = v1.withRegistry("jdbc:sqlite:" + dir.resolve("other-registry.db"));
        ReshardingState other = state("op-9", ReshardingPhase.CLEANING_UP, elsewhere, v2.withRegistry(elsewhere.registryUrl()), version, null);

        ActiveTopology active = resolve(null, List.of(other));

        assertThat(((ActiveTopology.Registered) active).operation()).isEmpty();
        QueryMessage banner = notice(active, QueryViewModel.Target.CURRENT).orElseThrow();
        assertThat(banner.title()).isEqualTo("Queries run on orders-v2, the registry's active topology since 2026-12-06 10:15:30 (version 2)");
        assertThat(banner.text()).isEqualTo("The loaded current topology, orders-v1, is not the active one; applications route by the registry.");
    }

    @Test
    void anActiveVersionNoLoadedFileHoldsIsParsedWithRelativeSqlitePathsFromTheWorkspaceFolder() throws Exception {
        // The demo's file as written, relative URLs and all (the console itself publishes absolute ones).
        insertVersion(2, "orders-v2", Files.readString(demo.newTopology()));

        ActiveTopology active = ActiveTopologies.resolve(v1, null, null, ActiveTopologies.REGISTRY, List.of());

        Topology parsed = active.topology();
        assertThat(parsed).isNotSameAs(v2);
        assertThat(parsed.name()).isEqualTo("orders-v2");
        assertThat(parsed.source()).isNull();
        assertThat(parsed.shards()).extracting(s -> s.url())
                .containsExactly("jdbc:sqlite:" + demo.dir().resolve("shard-0.db"), "jdbc:sqlite:" + demo.dir().resolve("shard-1.db"),
                        "jdbc:sqlite:" + demo.dir().resolve("shard-2.db"));
        assertThat(parsed.sameLayoutAs(v2)).isTrue();
        // The same version again keeps the same instance, so the editor keeps its shard choice and pools.
        assertThat(ActiveTopologies.resolve(v1, null, active, ActiveTopologies.REGISTRY, List.of()).topology()).isSameAs(parsed);
    }

    @Test
    void anUnreadableRegistryFallsBackToTheLoadedCurrentTopologyAndWarns() {
        ActiveTopology active = ActiveTopologies.resolve(v1, v2, null, url -> {
            throw new SQLException("Connection to 10.0.0.9:5432 refused");
        }, List.of());

        assertThat(active).isInstanceOf(ActiveTopology.Unreadable.class);
        assertThat(active.topology()).isSameAs(v1);
        QueryMessage banner = notice(active, QueryViewModel.Target.CURRENT).orElseThrow();
        assertThat(banner.kind()).isEqualTo(QueryMessage.Kind.WARNING);
        assertThat(banner.title()).isEqualTo("The topology registry cannot be read");
        assertThat(banner.text()).startsWith("The registry jdbc:sqlite:").contains(" cannot be read: Connection to 10.0.0.9:5432 refused.")
                .endsWith("Queries run on the loaded current topology, orders-v1, which may no longer be the active one.");
    }

    @Test
    void anActiveVersionThatIsNoValidTopologyIsReportedNotGuessed() throws Exception {
        insertVersion(2, "orders-v2", "{\"name\": \"orders-v2\"");

        ActiveTopology active = resolve(null, List.of());

        assertThat(active.topology()).isSameAs(v1);
        assertThat(((ActiveTopology.Unreadable) active).problem()).startsWith("the registry's active version 2 (orders-v2) is not a valid topology");
    }

    @Test
    void anEmptyRegistryLeavesTheLoadedCurrentTopologyWithoutABanner() {
        Topology unregistered = v1.withRegistry("jdbc:sqlite:" + dir.resolve("empty-registry.db"));

        ActiveTopology active = ActiveTopologies.resolve(unregistered, v2, null, ActiveTopologies.REGISTRY, List.of());

        assertThat(active).isEqualTo(new ActiveTopology.Unregistered(unregistered));
        assertThat(notice(active, QueryViewModel.Target.CURRENT)).isEmpty();
    }

    private ActiveTopology resolve(ActiveTopology previous, List<ReshardingState> operations) {
        return ActiveTopologies.resolve(v1, v2, previous, ActiveTopologies.REGISTRY, operations);
    }

    private Optional<QueryMessage> notice(ActiveTopology active, QueryViewModel.Target target) {
        return TopologyNotice.of(active, target, v1, v2, ZoneOffset.UTC);
    }

    private ReshardingState operation(String id, ReshardingPhase phase, Long published, Instant keepUntil) {
        return state(id, phase, v1, v2, published, keepUntil);
    }

    /** An operation as the state file keeps it; the plan holds only what the editor reads (as PlanJson writes it). */
    private static ReshardingState state(String id, ReshardingPhase phase, Topology from, Topology to, Long published, Instant keepUntil) {
        ObjectNode plan = MAPPER.createObjectNode().put("id", id);
        plan.putObject("from").put("name", from.name()).set("topology", TopologyJson.toJson(from));
        plan.putObject("to").put("name", to.name()).set("topology", TopologyJson.toJson(to));
        return new ReshardingState(id, phase, null, plan, MAPPER.createObjectNode(), CUTOVER, CUTOVER, List.of(), List.of(), java.util.Map.of(),
                published, keepUntil, null, null, null, null, List.of(), java.util.Map.of(), null, List.of(), false, java.util.Map.of());
    }

    private void insertVersion(long version, String name, String json) throws SQLException {
        try (Connection c = new TopologyRegistry(v1.registryUrl()).connect();
             PreparedStatement insert = c.prepareStatement("INSERT INTO reshard_topology (version, name, topology, activated_at) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, version);
            insert.setString(2, name);
            insert.setString(3, json);
            insert.setString(4, CUTOVER.toString());
            insert.executeUpdate();
        }
    }
}
