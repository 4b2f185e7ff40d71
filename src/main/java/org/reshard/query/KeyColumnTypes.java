package org.reshard.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.SqliteDialect;
import org.reshard.shard.TableSchema;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;

/**
 * The type of each sharded table's shard key, read once per engine from the first shard that has the table,
 * so pruning knows whether a literal's text is the stored value's text. Unknown (unreachable, missing,
 * mixed dialects) means no pruning, never a guess.
 */
final class KeyColumnTypes {

    private final ShardPools pools;
    private final List<ShardSpec> shards;
    private final Map<String, Optional<KeyType>> known = new ConcurrentHashMap<>();

    KeyColumnTypes(ShardPools pools, List<ShardSpec> shards) {
        this.pools = pools;
        this.shards = List.copyOf(shards);
    }

    Optional<KeyType> of(TableSpec table) {
        Optional<KeyType> cached = known.get(table.name());
        if (cached != null) {
            return cached;
        }
        Optional<Optional<KeyType>> answer = lookUp(table);
        // An answer is kept; no answer (no shard reachable) is asked again next time.
        answer.ifPresent(type -> known.put(table.name(), type));
        return answer.orElse(Optional.empty());
    }

    /** True when the topology's shards are SQLite files (literal rules follow SQLite's affinity). */
    boolean sqlite() {
        return shards.stream().allMatch(ShardSpec::isSqlite);
    }

    private Optional<Optional<KeyType>> lookUp(TableSpec table) {
        boolean mixed = shards.stream().anyMatch(ShardSpec::isSqlite) && !sqlite();
        if (mixed) {
            return Optional.of(Optional.empty());
        }
        for (ShardSpec shard : shards) {
            if (!(pools.connect(shard.id()) instanceof Result.Ok<Connection> ok)) {
                continue;
            }
            try (Connection connection = ok.value()) {
                SqlDialect dialect = pools.dialect(shard.id());
                Optional<TableSchema> schema = dialect.describe(connection, table.name());
                if (schema.isEmpty()) {
                    continue;
                }
                return Optional.of(schema.get().columns().stream().filter(c -> c.name().equals(table.shardKey())).findFirst()
                        .flatMap(c -> dialect instanceof SqliteDialect ? KeyType.ofSqlite(c.type()) : KeyType.ofPostgres(c.type())));
            } catch (SQLException e) {
                // Another shard may answer; with none, the query runs everywhere, which is always right.
            }
        }
        return Optional.empty();
    }
}
