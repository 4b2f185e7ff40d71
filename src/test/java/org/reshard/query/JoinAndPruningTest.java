package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.reshard.query.OracleCase.ordered;
import static org.reshard.query.OracleCase.unordered;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * Shard pruning, reference tables, co-located joins and query warnings (DESIGN 3.1, 4) against real shards
 * holding stray copies, every answer compared with one PostgreSQL database holding each row once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JoinAndPruningTest {

    private Path dir;
    private ShardFixture fixture;
    private PostgresTestDatabase oracleDatabase;
    private ShardSpec oracle;
    private Topology topology;
    private ShardPools pools;
    private QueryEngine engine;
    private OracleComparison comparison;
    private ShopData data;

    /** A customer owned by shard-0 and one owned by shard-1, both with orders; the first one's strays lie on shard-1. */
    private long onShard0;
    private long onShard1;
    /** Three customers with orders (and strays) owned by the same shard. */
    private List<Long> sameShard;

    abstract ShardFixture.Kind kind();

    private boolean postgres() {
        return kind() == ShardFixture.Kind.POSTGRES;
    }

    @BeforeAll
    void loadTheShopEverywhere() throws Exception {
        dir = Files.createTempDirectory("reshard-join-pruning");
        fixture = new ShardFixture(kind(), dir);
        List<ShardSpec> shards = List.of(fixture.shard("shard-0"), fixture.shard("shard-1"), fixture.shard("shard-2"));
        Path file = ShopData.writeTopology(dir.resolve("shop.json"), "shop", shards, "jdbc:sqlite:" + dir.resolve("registry.db"));
        topology = new TopologyLoader().load(file).orElseThrow();
        data = ShopData.generate();
        data.loadShards(topology, postgres());
        oracleDatabase = PostgresTestDatabase.create("shoporacle");
        oracle = new ShardSpec("oracle", oracleDatabase.url() + "?user=" + PostgresTestDatabase.USER);
        data.loadOracle(oracle, shards.size());
        pools = new ShardPools(topology.shards());
        engine = new QueryEngine(topology, pools);
        comparison = new OracleComparison(postgres());

        Set<Long> withOrders = data.orders.rows().stream().map(r -> (Long) r[1]).collect(Collectors.toCollection(TreeSet::new));
        List<Long> strayed = withOrders.stream().filter(c -> c % 5 == 0 && c <= ShopData.CUSTOMERS).toList();
        onShard0 = strayed.stream().filter(c -> owner(c).equals("shard-0")).findFirst().orElseThrow();
        onShard1 = strayed.stream().filter(c -> owner(c).equals("shard-1")).findFirst().orElseThrow();
        String busiest = topology.shardIds().stream().max((a, b) -> Long.compare(
                strayed.stream().filter(c -> owner(c).equals(a)).count(), strayed.stream().filter(c -> owner(c).equals(b)).count())).orElseThrow();
        sameShard = strayed.stream().filter(c -> owner(c).equals(busiest)).limit(3).toList();
        assertThat(sameShard).hasSize(3);
    }

    @AfterAll
    void dropEverything() {
        if (engine != null) {
            engine.close();
        }
        if (pools != null) {
            pools.close();
        }
        // Dropping a PostgreSQL database takes about a second: the shards and the oracle go at once.
        CompletableFuture<Void> shards = CompletableFuture.runAsync(() -> {
            if (fixture != null) {
                fixture.close();
            }
        });
        if (oracleDatabase != null) {
            oracleDatabase.close();
        }
        shards.join();
    }

    // ---- 1. pruning

    @Test
    void oneKeyRunsOnItsOwnerOnly() throws Exception {
        QueryResult result = same(ordered("one key", "SELECT id, status, total FROM orders WHERE customer_id = 123 ORDER BY id"), 14);

        assertThat(result.scope().shards()).containsExactly(owner(123));
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: customer_id = 123");
        assertThat(result.scope().pruned()).isTrue();
        assertThat(result.shards()).extracting(ShardReport::shardId).containsExactly(owner(123));
    }

    @Test
    void keysOnDifferentShardsRunOnTheirOwnersAndSkipTheirStrayCopies() throws Exception {
        String sql = "SELECT id, customer_id, total FROM orders WHERE customer_id IN (" + onShard0 + ", " + onShard1 + ") ORDER BY id";
        // shard-1 also holds copies of customer onShard0's orders: without the ownership filter they would count twice.
        assertThat(countOn("shard-1", "SELECT count(*) FROM orders WHERE customer_id = " + onShard0)).isPositive();

        QueryResult result = same(ordered("keys on two shards", sql), 2);

        assertThat(result.scope().shards()).containsExactly("shard-0", "shard-1");
        assertThat(result.scope().describe()).isEqualTo("2 of 3 shards: customer_id IN (" + onShard0 + ", " + onShard1 + ")");
    }

    @Test
    void strayCopiesAreNotCountedInPrunedAggregates() throws Exception {
        String keys = onShard0 + ", " + onShard1;
        long onShards = countOn("shard-0", "SELECT count(*) FROM orders WHERE customer_id IN (" + keys + ")")
                + countOn("shard-1", "SELECT count(*) FROM orders WHERE customer_id IN (" + keys + ")");
        long once = countOn(oracle, "SELECT count(*) FROM orders WHERE customer_id IN (" + keys + ")");
        assertThat(onShards).as("the two shards hold stray copies").isGreaterThan(once);

        QueryResult result = same(unordered("pruned aggregate",
                "SELECT count(*), sum(total), count(DISTINCT customer_id) FROM orders WHERE customer_id IN (" + keys + ")"), 1);

        assertThat(result.rows().getFirst().getFirst()).isEqualTo(once);
        assertThat(result.scope().pruned()).isTrue();
    }

    @Test
    void keysAllOnOneShardRunThere() throws Exception {
        String keys = sameShard.stream().map(String::valueOf).collect(Collectors.joining(", "));

        QueryResult result = same(ordered("keys on one shard", "SELECT id, customer_id, status FROM orders WHERE customer_id IN (" + keys
                + ") ORDER BY id"), 3);

        assertThat(result.scope().shards()).containsExactly(owner(sameShard.getFirst()));
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: customer_id IN (" + keys + ")");
    }

    @Test
    void equalsAnyArrayPrunes() throws Exception {
        assumeTrue(postgres(), "= ANY(ARRAY[...]) is PostgreSQL syntax");

        QueryResult array = same(ordered("= ANY(ARRAY[])", "SELECT id, total FROM orders WHERE customer_id = ANY(ARRAY[" + onShard0 + ", "
                + onShard1 + "]) ORDER BY id"), 2);
        QueryResult text = same(ordered("= ANY('{}')", "SELECT id, total FROM orders WHERE customer_id = ANY('{" + onShard0 + ","
                + onShard1 + "}') ORDER BY id"), 2);

        assertThat(array.scope().shards()).containsExactly("shard-0", "shard-1");
        assertThat(array.scope().describe()).startsWith("2 of 3 shards: customer_id = ANY");
        assertThat(text.scope().shards()).containsExactly("shard-0", "shard-1");
        QueryResult oneShard = same(ordered("= ANY on one shard", "SELECT id FROM orders WHERE customer_id = ANY(ARRAY["
                + sameShard.getFirst() + ", " + sameShard.getLast() + "]) ORDER BY id"), 2);
        assertThat(oneShard.scope().shards()).containsExactly(owner(sameShard.getFirst()));
    }

    @Test
    void keyAndedWithOtherConditionsPrunes() throws Exception {
        QueryResult result = same(ordered("key AND others", "SELECT id, status FROM orders WHERE total > 10 AND customer_id = 123"
                + " AND (status = 'paid' OR status = 'shipped' OR status IS NULL) ORDER BY id"), 1);

        assertThat(result.scope().shards()).containsExactly(owner(123));
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: customer_id = 123");
    }

    @Test
    void inListFollowedByAndPrunes() throws Exception {
        // JSqlParser 5.3 reads this as customer_id IN ((…) AND status = 'shipped'); Conjuncts takes it apart.
        QueryResult result = same(ordered("IN (…) AND", "SELECT id, customer_id FROM orders WHERE customer_id IN (" + onShard0 + ", "
                + onShard1 + ") AND status = 'shipped' ORDER BY id"), 0);

        assertThat(result.scope().shards()).containsExactly("shard-0", "shard-1");
        assertThat(result.scope().describe()).isEqualTo("2 of 3 shards: customer_id IN (" + onShard0 + ", " + onShard1 + ")");
        QueryResult counted = same(unordered("count IN (…) AND", "SELECT count(*) FROM orders WHERE customer_id IN (" + onShard0 + ", "
                + onShard1 + ") AND status IS NOT NULL AND total > 0"), 1);
        assertThat(counted.scope().shards()).containsExactly("shard-0", "shard-1");
    }

    @Test
    void keyUnderOrIsNotPruned() throws Exception {
        QueryResult result = same(ordered("key OR key", "SELECT id, customer_id FROM orders WHERE customer_id = 123 OR customer_id = "
                + onShard0 + " ORDER BY id"), 15);

        assertThat(result.scope().shards()).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(result.scope().describe()).isEqualTo("3 of 3 shards");
        assertThat(result.scope().pruned()).isFalse();
    }

    @Test
    void contradictoryKeysGiveAnEmptyAnswer() throws Exception {
        QueryResult rows = same(ordered("k = a AND k = b", "SELECT id FROM orders WHERE customer_id = " + onShard0 + " AND customer_id = "
                + onShard1 + " ORDER BY id"), 0);
        QueryResult count = same(unordered("count k = a AND k = b", "SELECT count(*) FROM orders WHERE customer_id = " + onShard0
                + " AND customer_id IN (" + onShard1 + ", 123)"), 1);

        assertThat(rows.rows()).isEmpty();
        assertThat(rows.columns()).extracting(ResultColumn::name).containsExactly("id");
        assertThat(count.rows()).containsExactly(List.of(0L));
        assertThat(rows.scope().pruned()).isTrue();
    }

    @Test
    void textShardKeyPrunes() throws Exception {
        QueryResult result = same(ordered("text key", "SELECT id, sku, qty FROM line_items WHERE account = 'a-7' ORDER BY id"), 16);

        assertThat(result.scope().shards()).containsExactly(topology.ownerOf("a-7"));
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: account = 'a-7'");
        QueryResult two = same(unordered("text keys", "SELECT account, count(*), sum(qty) FROM line_items WHERE account IN ('a-7', 'a-8')"
                + " GROUP BY account"), 2);
        assertThat(two.scope().shards()).containsExactlyElementsOf(owners("a-7", "a-8"));
    }

    @Test
    void quotedNumberAgainstIntegerKeyPrunes() throws Exception {
        QueryResult result = same(ordered("'123'", "SELECT id, total FROM orders WHERE customer_id = '123' ORDER BY id"), 14);

        assertThat(result.scope().shards()).containsExactly(owner(123));
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: customer_id = '123'");
    }

    @Test
    void uppercaseUnquotedNamesPrune() throws Exception {
        QueryResult result = same(ordered("uppercase", "SELECT ID, TOTAL FROM ORDERS WHERE CUSTOMER_ID = 123 ORDER BY ID"), 14);

        assertThat(result.scope().shards()).containsExactly(owner(123));
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: CUSTOMER_ID = 123");
    }

    @Test
    void quotedAndReversedKeyTermsPrune() throws Exception {
        QueryResult quoted = same(ordered("quoted column", "SELECT id FROM orders WHERE \"customer_id\" = 123 ORDER BY id"), 14);
        QueryResult reversed = same(ordered("literal first", "SELECT id FROM orders WHERE 123 = customer_id ORDER BY id"), 14);

        assertThat(quoted.scope().shards()).as("quoted").containsExactly(owner(123));
        assertThat(reversed.scope().shards()).as("reversed").containsExactly(owner(123));
    }

    @Test
    void parenthesizedTermsPruneAndJoin() throws Exception {
        // JSqlParser 5.3 reads "(…)" as a one-element ParenthesedExpressionList, not a Parenthesis.
        QueryResult pruned = same(ordered("parenthesized key", "SELECT id FROM orders WHERE (status IS NOT NULL AND (customer_id = 123))"
                + " ORDER BY id"), 10);
        QueryResult joined = same(unordered("ON (…)", "SELECT c.country, count(*) FROM customers c JOIN orders o ON (c.id = o.customer_id)"
                + " GROUP BY c.country"), 8);
        same(unordered("WHERE (…) comma join", "SELECT count(*), sum(o.total) FROM customers c, orders o WHERE (c.id = o.customer_id)"), 1);

        assertThat(pruned.scope().shards()).containsExactly(owner(123));
        assertThat(pruned.scope().describe()).isEqualTo("1 of 3 shards: customer_id = 123");
        assertThat(joined.scope().shards()).hasSize(3);
    }

    @Test
    void aliasQualifiedKeyPrunes() throws Exception {
        QueryResult result = same(ordered("alias", "SELECT o.id, o.total FROM orders o WHERE o.customer_id = " + onShard1 + " ORDER BY o.id"), 1);

        assertThat(result.scope().shards()).containsExactly("shard-1");
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: o.customer_id = " + onShard1);
    }

    @Test
    void pruningWithinChosenShards() throws Exception {
        String other = ShopData.nextShard(topology, owner(123));
        QueryRequest request = QueryRequest.of("SELECT id, total FROM orders WHERE customer_id = 123 ORDER BY id")
                .withShards(List.of(other, owner(123)));

        QueryResult result = ok(request);

        comparison.assertSame(ordered("chosen", request.sql()), result, OracleComparison.ask(oracle, request.sql()));
        assertThat(result.scope().shards()).containsExactly(owner(123));
        assertThat(result.scope().describe()).isEqualTo("1 of 3 shards: chosen; customer_id = 123");
    }

    @Test
    void keyWhoseOwnerIsNotChosenGivesNoRowsNotItsStrayCopies() throws Exception {
        // customer 123's orders have stray copies on the next shard, which does not own them.
        String strayShard = ShopData.nextShard(topology, owner(123));
        assertThat(countOn(strayShard, "SELECT count(*) FROM orders WHERE customer_id = 123")).isPositive();

        QueryResult rows = ok(QueryRequest.of("SELECT id FROM orders WHERE customer_id = 123 ORDER BY id").withShards(List.of(strayShard)));
        QueryResult count = ok(QueryRequest.of("SELECT count(*) FROM orders WHERE customer_id = 123").withShards(List.of(strayShard)));

        assertThat(rows.rows()).as("rows of customer 123 that %s does not own", strayShard).isEmpty();
        assertThat(count.rows()).containsExactly(List.of(0L));
        assertThat(rows.scope().shards()).allSatisfy(s -> assertThat(s).isEqualTo(strayShard));
    }

    @Test
    void numericShardKeyIsNotPruned() throws Exception {
        // A ref whose owner differs between the text a numeric(12,2) prints ("7.00") and the literal's ("7"): pruning by the
        // literal would ask the wrong shard (PostgreSQL). SQLite stores the integer, but NUMERIC affinity still means no pruning.
        long ref = data.ledger.rows().stream().map(r -> (Long) r[1])
                .filter(v -> !topology.ownerOf(ShopData.ledgerKeyText(v, true)).equals(topology.ownerOf(Long.toString(v))))
                .findFirst().orElseThrow();

        QueryResult result = same(ordered("numeric key", "SELECT id, amount FROM ledger WHERE ref = " + ref + " ORDER BY id"), 1);
        QueryResult all = same(unordered("numeric key, all rows", "SELECT count(*), sum(amount) FROM ledger"), 1);

        assertThat(result.scope().shards()).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(result.scope().reason()).isEmpty();
        assertThat(all.rows().getFirst().getFirst()).isEqualTo((long) ShopData.LEDGER);
    }

    // ---- 2. reference tables

    @Test
    void referenceTableAloneReadsOneShard() throws Exception {
        QueryResult rows = same(ordered("countries", "SELECT code, name, region FROM countries ORDER BY code"), 8);
        QueryResult grouped = same(ordered("countries by region", "SELECT region, count(*) FROM countries WHERE region IS NOT NULL"
                + " GROUP BY region ORDER BY region"), 3);

        assertThat(rows.scope().shards()).containsExactly("shard-0");
        assertThat(rows.scope().describe()).isEqualTo("1 of 3 shards: reference tables only (countries), the same on every shard");
        assertThat(rows.shards()).extracting(ShardReport::shardId).containsExactly("shard-0");
        assertThat(grouped.scope().shards()).hasSize(1);
        QueryResult both = same(unordered("two reference tables", "SELECT k.code, s.code FROM countries k, statuses s WHERE s.rank = 2"), 8);
        assertThat(both.scope().describe()).isEqualTo("1 of 3 shards: reference tables only (countries, statuses), the same on every shard");
    }

    @Test
    void referenceTableAnswersWhenTheFirstShardIsDead() throws Exception {
        ShardSpec dead = postgres()
                ? new ShardSpec("dead-0", PostgresTestDatabase.SERVER + "reshard_test_missing_database?user=" + PostgresTestDatabase.USER)
                : new ShardSpec("dead-0", "jdbc:sqlite:" + dir.resolve("missing-dead-0.db"));
        List<ShardSpec> shards = new ArrayList<>(List.of(dead));
        shards.addAll(topology.shards());
        Topology withDead = new TopologyLoader().load(ShopData.writeTopology(dir.resolve("dead-first.json"), "shop-dead-first", shards,
                "jdbc:sqlite:" + dir.resolve("dead-registry.db"))).orElseThrow();
        String sql = "SELECT code, name FROM countries ORDER BY code";
        try (ShardPools deadPools = new ShardPools(withDead.shards()); QueryEngine deadEngine = new QueryEngine(withDead, deadPools)) {
            Result<QueryResult> result = deadEngine.execute(QueryRequest.of(sql).withPartialResults(false));

            assertThat(result).as("%s", result).isInstanceOf(Result.Ok.class);
            QueryResult answer = result.orElseThrow();
            comparison.assertSame(ordered("dead first", sql), answer, OracleComparison.ask(oracle, sql));
            assertThat(answer.rows()).hasSize(8);
            assertThat(answer.partial()).isFalse();
            assertThat(answer.scope().shards()).containsExactly("shard-0");
        }
    }

    @Test
    void shardedJoinedWithReferenceTablesRunsPerShard() throws Exception {
        QueryResult inner = same(ordered("orders JOIN countries", "SELECT k.region, count(*), sum(o.total) FROM orders o JOIN countries k"
                + " ON k.code = o.country WHERE k.region IS NOT NULL GROUP BY k.region ORDER BY k.region"), 3);
        same(unordered("orders LEFT JOIN countries", "SELECT k.name, count(o.id), sum(o.quantity) FROM orders o LEFT JOIN countries k"
                + " ON o.country = k.code GROUP BY k.name"), 7);
        same(unordered("orders JOIN statuses JOIN countries", "SELECT s.label, k.code, count(*) FROM orders o JOIN statuses s"
                + " ON s.code = o.status JOIN countries k ON k.code = o.country GROUP BY s.label, k.code"), 20);
        QueryResult pruned = same(ordered("reference join, pruned", "SELECT o.id, s.label, s.rank FROM orders o JOIN statuses s"
                + " ON s.code = o.status WHERE o.customer_id = 123 ORDER BY o.id"), 5);

        assertThat(inner.scope().shards()).hasSize(3);
        assertThat(pruned.scope().shards()).containsExactly(owner(123));
    }

    @Test
    void referenceTableOnTheKeptSideOfAnOuterJoinIsRefused() throws Exception {
        for (String sql : List.of(
                "SELECT k.code, count(o.id) FROM countries k LEFT JOIN orders o ON o.country = k.code GROUP BY k.code",
                "SELECT k.code, o.id FROM orders o RIGHT JOIN countries k ON o.country = k.code",
                "SELECT k.code, o.id FROM orders o FULL JOIN countries k ON o.country = k.code")) {
            ReshardError error = refused(sql);

            assertThat(error.message()).as(sql).contains("JOIN").contains("reference table countries").contains("once from every shard");
        }
        assertThat(refused("SELECT k.code FROM countries k LEFT JOIN orders o ON o.country = k.code").message())
                .contains("LEFT JOIN orders o");
    }

    // ---- 3. co-located joins

    @Test
    void coLocatedInnerJoin() throws Exception {
        same(unordered("customers JOIN orders, grouped", "SELECT c.country, count(*), sum(o.total), count(DISTINCT c.id) FROM customers c"
                + " JOIN orders o ON c.id = o.customer_id GROUP BY c.country"), 8);
        same(ordered("customers JOIN orders, rows with LIMIT", "SELECT c.id, c.name, o.id AS order_id, o.total FROM customers c"
                + " JOIN orders o ON o.customer_id = c.id WHERE o.total IS NOT NULL ORDER BY o.total DESC, o.id LIMIT 25"), 25);
        same(unordered("aggregate of the join", "SELECT count(*), sum(o.quantity) FROM orders o JOIN customers c ON c.id = o.customer_id"), 1);
    }

    @Test
    void coLocatedOuterJoins() throws Exception {
        QueryResult left = same(ordered("customers LEFT JOIN orders", "SELECT c.id, count(o.id) AS n FROM customers c LEFT JOIN orders o"
                + " ON o.customer_id = c.id GROUP BY c.id ORDER BY c.id"), ShopData.CUSTOMERS);
        same(ordered("customers without orders", "SELECT c.id, c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id"
                + " WHERE o.id IS NULL ORDER BY c.id"), 10);
        same(ordered("orders without customers", "SELECT o.id, o.customer_id FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id"
                + " WHERE c.id IS NULL ORDER BY o.id"), 7);
        same(unordered("FULL JOIN", "SELECT c.id, o.id FROM customers c FULL JOIN orders o ON c.id = o.customer_id"
                + " WHERE c.id IS NULL OR o.id IS NULL"), 17);

        assertThat(left.rows()).filteredOn(r -> ((Number) r.get(1)).longValue() == 0).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void coLocatedJoinUsingTheSameColumnName() throws Exception {
        same(ordered("JOIN USING", "SELECT customer_id, count(*), sum(p.amount) FROM orders o JOIN payments p USING (customer_id)"
                + " GROUP BY customer_id ORDER BY customer_id"), 80);
        same(unordered("LEFT JOIN USING", "SELECT count(*), count(p.id) FROM orders o LEFT JOIN payments p USING (customer_id)"), 1);
        QueryResult pruned = same(unordered("JOIN USING, pruned", "SELECT count(*), sum(p.amount) FROM orders o JOIN payments p"
                + " USING (customer_id) WHERE o.customer_id = 123"), 1);
        assertThat(pruned.scope().shards()).containsExactly(owner(123));
        // Unqualified, the key is the column USING merged, equal to both tables' keys: it prunes like o.customer_id.
        QueryResult merged = same(unordered("JOIN USING, unqualified key", "SELECT count(*), sum(p.amount) FROM orders o JOIN payments p"
                + " USING (customer_id) WHERE customer_id = 123"), 1);
        assertThat(merged.scope().shards()).containsExactly(owner(123));
        same(unordered("JOIN USING, unqualified keys", "SELECT count(*), sum(p.amount) FROM orders o JOIN payments p"
                + " USING (customer_id) WHERE customer_id IN (123, " + onShard0 + ")"), 1);
    }

    @Test
    void coLocatedJoinByEqualityInWhere() throws Exception {
        same(unordered("comma join", "SELECT c.country, count(*), sum(o.total) FROM customers c, orders o WHERE c.id = o.customer_id"
                + " GROUP BY c.country"), 8);
        QueryResult pruned = same(ordered("comma join, pruned", "SELECT o.id, c.name FROM customers c, orders o WHERE o.customer_id = c.id"
                + " AND c.id = " + onShard0 + " ORDER BY o.id"), 1);
        assertThat(pruned.scope().shards()).containsExactly("shard-0");
        assertThat(pruned.scope().describe()).isEqualTo("1 of 3 shards: c.id = " + onShard0);
    }

    @Test
    void joinNotOnEqualShardKeysIsRefusedNamingBothTables() throws Exception {
        ReshardError plain = refused("SELECT count(*) FROM orders JOIN line_items ON orders.id = line_items.order_id");
        ReshardError aliased = refused("SELECT o.id, l.sku FROM orders o JOIN line_items l ON o.id = l.order_id");
        ReshardError sameKeyNameOtherColumn = refused("SELECT count(*) FROM customers c JOIN orders o ON c.id = o.id");
        ReshardError comma = refused("SELECT count(*) FROM customers c, orders o WHERE c.country = o.country");

        assertThat(plain.message()).contains("orders").contains("line_items").contains("not joined on equal shard keys")
                .contains("orders.customer_id = line_items.account");
        assertThat(aliased.message()).contains("o.customer_id = l.account");
        assertThat(sameKeyNameOtherColumn.message()).contains("c.id = o.customer_id");
        assertThat(comma.message()).contains("not joined on equal shard keys");
    }

    @Test
    void joinWithAnUndeclaredTableIsRefused() throws Exception {
        ReshardError error = refused("SELECT o.id, n.body FROM orders o JOIN notes n ON n.id = o.id");

        assertThat(error.message()).contains("notes").contains("does not declare");
        assertThat(refused("SELECT k.code, n.body FROM countries k JOIN notes n ON n.body = k.code").message()).contains("notes");
    }

    // ---- 4. warnings

    @Test
    void undeclaredTableIsReadAsFoundWithAWarning() throws Exception {
        QueryResult result = same(ordered("notes", "SELECT id, body FROM notes ORDER BY id"), 3 * ShopData.NOTES_PER_SHARD);

        assertThat(result.scope().shards()).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(result.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(QueryWarning.UNDECLARED_TABLES);
            assertThat(w.message()).contains("notes").contains("does not declare").contains("shop");
        });
        assertThat(same(unordered("declared", "SELECT count(*) FROM orders"), 1).warnings()).isEmpty();
    }

    @Test
    void staleTopologyWarningNamesTheActiveVersion() throws Exception {
        Path registry = dir.resolve("stale-registry.db");
        String url = "jdbc:sqlite:" + registry;
        Topology other = new TopologyLoader().load(ShopData.writeTopology(dir.resolve("shop-v2.json"), "shop-v2",
                topology.shards().subList(0, 2), url)).orElseThrow();
        TopologyRegistry published = new TopologyRegistry(url);
        published.publish(topology, Instant.parse("2026-01-01T00:00:00Z"));
        published.publish(other, Instant.parse("2026-02-01T00:00:00Z"));

        List<QueryWarning> warnings = warningsWith(topology.withRegistry(url), "SELECT count(*) FROM orders");

        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(QueryWarning.STALE_TOPOLOGY);
            assertThat(w.message()).contains("shop-v2").contains("version 2").contains("shop is not the registry's active topology");
        });
        assertThat(warningsWith(topology.withRegistry(url), "SELECT code FROM countries")).extracting(QueryWarning::code)
                .containsExactly(QueryWarning.STALE_TOPOLOGY);
    }

    @Test
    void noWarningWhenTheRegistryIsEmptyOrHoldsTheSameLayout() throws Exception {
        String empty = "jdbc:sqlite:" + dir.resolve("empty-registry.db");
        new TopologyRegistry(empty).active(); // creates the table, publishes nothing
        assertThat(warningsWith(topology.withRegistry(empty), "SELECT count(*) FROM orders")).isEmpty();

        String same = "jdbc:sqlite:" + dir.resolve("same-registry.db");
        new TopologyRegistry(same).publish(topology, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(warningsWith(topology.withRegistry(same), "SELECT count(*) FROM orders")).isEmpty();

        // Same layout under another name: still the data's layout.
        String renamed = "jdbc:sqlite:" + dir.resolve("renamed-registry.db");
        Topology sameLayout = new TopologyLoader().load(ShopData.writeTopology(dir.resolve("shop-renamed.json"), "shop-renamed",
                topology.shards(), renamed)).orElseThrow();
        new TopologyRegistry(renamed).publish(sameLayout, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(warningsWith(topology.withRegistry(renamed), "SELECT count(*) FROM orders")).isEmpty();
    }

    @Test
    void unreadableRegistryIsAWarning() throws Exception {
        String missing = PostgresTestDatabase.SERVER + "reshard_test_missing_registry?user=" + PostgresTestDatabase.USER;

        List<QueryWarning> warnings = warningsWith(topology.withRegistry(missing), "SELECT count(*) FROM orders");

        assertThat(warnings).extracting(QueryWarning::code).containsExactly(QueryWarning.REGISTRY_UNREADABLE);
    }

    @Test
    void queryingDoesNotCreateAMissingSqliteRegistry() throws Exception {
        Path registry = dir.resolve("never-created").resolve("registry.db");
        Files.createDirectories(registry.getParent());

        List<QueryWarning> warnings = warningsWith(topology.withRegistry("jdbc:sqlite:" + registry), "SELECT count(*) FROM orders");

        assertThat(warnings).isEmpty();
        assertThat(registry).doesNotExist();
        assertThat(dir.resolve("registry.db")).as("the shop topology's own registry, after every other test's queries").doesNotExist();
    }

    // ---- helpers

    private String owner(long customer) {
        return topology.ownerOf(Long.toString(customer));
    }

    /** The owners of the keys, in the topology's shard order. */
    private List<String> owners(String... keys) {
        Set<String> owners = new LinkedHashSet<>();
        for (String key : keys) {
            owners.add(topology.ownerOf(key));
        }
        return topology.shardIds().stream().filter(owners::contains).toList();
    }

    /**
     * Runs the case on the shards and on the oracle and asserts they agree, and that the oracle's answer has at least
     * {@code minRows} rows (so a comparison of two empty answers cannot pass by accident).
     */
    private QueryResult same(OracleCase query, int minRows) throws Exception {
        QueryResult merged = ok(QueryRequest.of(query.sql()));
        OracleComparison.Oracle answer = OracleComparison.ask(oracle, query.oracleSql());
        assertThat(answer.rows()).as("the oracle's rows for %s", query.sql()).hasSizeGreaterThanOrEqualTo(minRows);
        assertThat(merged.partial()).isFalse();
        assertThat(merged.mode()).isEqualTo(ResultMode.MERGED);
        comparison.assertSame(query, merged, answer);
        return merged;
    }

    private QueryResult ok(QueryRequest request) throws InterruptedException {
        Result<QueryResult> result = engine.execute(request);
        assertThat(result).as("%s", result).isInstanceOf(Result.Ok.class);
        return result.orElseThrow();
    }

    /** The streaming merge's refusal (reads it refuses then run federated: FederationDifferentialTest). */
    private ReshardError refused(String sql) throws InterruptedException {
        Result<AnalyzedQuery> result = StatementAnalyzer.analyse(QueryRequest.of(sql), Semantics.of(topology.shards()), topology);
        assertThat(result).as("%s", result).isInstanceOf(Result.Failure.class);
        ReshardError error = ((Result.Failure<AnalyzedQuery>) result).error();
        assertThat(error.code()).as(sql).isEqualTo(ErrorCode.QUERY_UNSUPPORTED);
        return error;
    }

    private List<QueryWarning> warningsWith(Topology queried, String sql) throws InterruptedException {
        try (QueryEngine other = new QueryEngine(queried, pools)) {
            Result<QueryResult> result = other.execute(QueryRequest.of(sql));
            assertThat(result).as("%s", result).isInstanceOf(Result.Ok.class);
            return result.orElseThrow().warnings();
        }
    }

    private long countOn(String shardId, String sql) throws SQLException {
        return countOn(topology.shard(shardId).orElseThrow(), sql);
    }

    private static long countOn(ShardSpec database, String sql) throws SQLException {
        try (Connection c = ShardFixture.connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
