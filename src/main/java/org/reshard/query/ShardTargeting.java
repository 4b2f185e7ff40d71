package org.reshard.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reshard.topology.HashRange;
import org.reshard.topology.RoutingHash;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;

/**
 * Decides which of the chosen shards a query runs on and the SQL each gets: the owners of the shard keys
 * its WHERE pins (pruning), one shard for reference tables alone, else every chosen shard; every sharded
 * table under the ownership filter, which is left out only where it is provably unneeded — the keys all
 * belong to one shard, so every row that shard returns for them is its own.
 */
final class ShardTargeting {

    private ShardTargeting() {
    }

    static ShardTargets target(AnalyzedQuery query, Topology topology, List<ShardSpec> chosen, boolean userChose, KeyColumnTypes keyTypes) {
        int all = topology.shards().size();
        Map<String, List<HashRange>> ranges = topology.partition().rangesByShard();
        ShardSql sql = query.sql();
        if (query.tables().referenceOnly()) {
            String names = String.join(", ", query.tables().refs().stream().map(TableRef::name).distinct().toList());
            ShardSpec first = chosen.getFirst();
            return new ShardTargets(List.of(first), sqlByShard(chosen, sql, ranges, false),
                    new ShardScope(List.of(first.id()), all, Optional.of("reference tables only (" + names + "), the same on every shard")),
                    chosen.subList(1, chosen.size()));
        }
        List<String> reasons = new ArrayList<>();
        if (userChose) {
            reasons.add("chosen");
        }
        Optional<Set<String>> owners = owners(query.keys(), topology, keyTypes, reasons);
        List<ShardSpec> run = chosen;
        boolean filter = true;
        if (owners.isPresent()) {
            List<ShardSpec> owning = chosen.stream().filter(s -> owners.get().contains(s.id())).toList();
            // With no owner among the chosen shards the answer is empty; one shard still runs it for the columns.
            run = owning.isEmpty() ? List.of(chosen.getFirst()) : owning;
            // Unneeded only on the one owner itself: a chosen shard that is not it may hold stray copies of the keys' rows.
            filter = owners.get().size() != 1 || owning.isEmpty();
        }
        List<String> ids = run.stream().map(ShardSpec::id).toList();
        Optional<String> reason = reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
        return new ShardTargets(run, sqlByShard(run, sql, ranges, filter), new ShardScope(ids, all, reason), List.of());
    }

    /** The shards that own every key the conditions allow; empty when no condition could be read as keys. */
    private static Optional<Set<String>> owners(List<KeyCondition> keys, Topology topology, KeyColumnTypes keyTypes, List<String> reasons) {
        Set<String> owners = null;
        for (KeyCondition condition : keys) {
            TableRef.Sharded sharded = (TableRef.Sharded) condition.table().role();
            Optional<KeyType> type = keyTypes.of(sharded.spec());
            if (type.isEmpty()) {
                continue;
            }
            Set<String> these = new LinkedHashSet<>();
            boolean readable = true;
            for (var value : condition.values()) {
                Optional<String> text = type.get().keyText(value, keyTypes.sqlite());
                if (text.isEmpty()) {
                    readable = false;
                    break;
                }
                these.add(topology.partition().ownerOf(RoutingHash.hash(text.get())));
            }
            if (!readable) {
                continue;
            }
            reasons.add(condition.text());
            if (owners == null) {
                owners = these;
            } else {
                owners.retainAll(these);
            }
        }
        return Optional.ofNullable(owners);
    }

    private static Map<String, String> sqlByShard(List<ShardSpec> shards, ShardSql sql, Map<String, List<HashRange>> ranges, boolean filter) {
        Map<String, String> byShard = new LinkedHashMap<>();
        shards.forEach(shard -> byShard.put(shard.id(), sql.forShard(shard, ranges, filter)));
        return byShard;
    }
}
