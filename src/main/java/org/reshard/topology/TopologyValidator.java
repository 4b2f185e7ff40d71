package org.reshard.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Walks a topology document, collects every problem with its JSON path, and builds the {@link Topology}. */
final class TopologyValidator {

    private static final Set<String> ROOT_FIELDS = Set.of("name", "registry", "routing", "shards", "tables", "referenceTables");
    private static final Set<String> RANGE_ROUTING_FIELDS = Set.of("strategy", "ranges");
    private static final Set<String> RING_ROUTING_FIELDS = Set.of("strategy", "virtualNodes");
    private static final Set<String> RANGE_FIELDS = Set.of("shard", "from", "to");
    private static final Set<String> SHARD_FIELDS = Set.of("id", "url", "user", "password");
    private static final Set<String> TABLE_FIELDS = Set.of("name", "shardKey", "primaryKey");
    private static final Set<String> REFERENCE_TABLE_FIELDS = Set.of("name", "primaryKey");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern SHARD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final int MAX_VIRTUAL_NODES = 10_000;

    private final UnaryOperator<String> environment;
    private final Path baseDir;
    private final List<TopologyProblem> problems = new ArrayList<>();
    /** Every well-formed shard id, even of shards with other problems, so ranges naming them are not reported too. */
    private final Set<String> declaredShardIds = new HashSet<>();

    TopologyValidator(UnaryOperator<String> environment, Path baseDir) {
        this.environment = environment;
        this.baseDir = baseDir;
    }

    List<TopologyProblem> problems() {
        return List.copyOf(problems);
    }

    /** The topology, or null when a problem was found (see {@link #problems()}). */
    Topology validate(JsonNode root, Path source) {
        if (!root.isObject()) {
            problem("$", "the document is not a JSON object", "write the topology as { \"name\": …, \"routing\": …, \"shards\": […], \"tables\": […] }");
            return null;
        }
        unknownFields(root, "$", ROOT_FIELDS);
        String name = requiredText(root, "$", "name", "name the topology, e.g. \"orders-v2\"");
        String registry = registryUrl(root);
        List<ShardSpec> shards = shards(root.get("shards"));
        List<TableSpec> tables = tables(root.get("tables"));
        List<ReferenceTable> referenceTables = referenceTables(root.get("referenceTables"), tables);
        Routing routing = routing(root.get("routing"));
        if (!problems.isEmpty()) {
            return null;
        }
        return Topology.of(name, source, registry, routing, shards, tables, referenceTables);
    }

    private String registryUrl(JsonNode root) {
        String raw = requiredText(root, "$", "registry", "give the JDBC URL of the topology registry, e.g. \"jdbc:sqlite:registry.db\"");
        if (raw == null) {
            return null;
        }
        return jdbcUrl(resolveEnv(raw, "$.registry"), "$.registry");
    }

    private List<ShardSpec> shards(JsonNode node) {
        List<ShardSpec> shards = new ArrayList<>();
        if (!nonEmptyArray(node, "$.shards", "list at least one shard: [{\"id\": \"shard-0\", \"url\": \"jdbc:…\"}]")) {
            return shards;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "$.shards[" + i + "]";
            JsonNode shard = node.get(i);
            if (!shard.isObject()) {
                problem(path, "a shard must be an object", "write {\"id\": …, \"url\": …}");
                continue;
            }
            unknownFields(shard, path, SHARD_FIELDS);
            String id = requiredText(shard, path, "id", "give the shard an id such as \"shard-0\"");
            if (id != null && !SHARD_ID.matcher(id).matches()) {
                problem(path + ".id", "shard id \"" + id + "\" is not allowed",
                        "use letters, digits, '_', '.' or '-' (at most 63, starting with a letter or digit)");
                id = null;
            }
            if (id != null) {
                declaredShardIds.add(id);
            }
            if (id != null && seen.putIfAbsent(id, path) != null) {
                problem(path + ".id", "duplicate shard id \"" + id + "\" (also at " + seen.get(id) + ")", "give each shard its own id");
            }
            String rawUrl = requiredText(shard, path, "url", "give the shard's JDBC URL (jdbc:postgresql://… or jdbc:sqlite:…)");
            String url = rawUrl == null ? null : jdbcUrl(resolveEnv(rawUrl, path + ".url"), path + ".url");
            String user = optionalText(shard, path, "user");
            String resolvedUser = user == null ? null : resolveEnv(user, path + ".user");
            String password = optionalText(shard, path, "password");
            Secret secret = Secret.NONE;
            if (password != null) {
                String value = resolveEnv(password, path + ".password");
                secret = new Secret(ENV_REFERENCE.matcher(password).find() ? password : null, value);
            }
            if (id != null && url != null) {
                shards.add(new ShardSpec(id, url, resolvedUser, secret));
            }
        }
        return shards;
    }

    private List<TableSpec> tables(JsonNode node) {
        List<TableSpec> tables = new ArrayList<>();
        if (!nonEmptyArray(node, "$.tables", "list the sharded tables: [{\"name\": \"orders\", \"shardKey\": \"customer_id\", \"primaryKey\": [\"id\"]}]")) {
            return tables;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "$.tables[" + i + "]";
            JsonNode table = node.get(i);
            if (!table.isObject()) {
                problem(path, "a table must be an object", "write {\"name\": …, \"shardKey\": …, \"primaryKey\": […]}");
                continue;
            }
            unknownFields(table, path, TABLE_FIELDS);
            String name = identifier(table, path, "name", "give the table's name");
            if (name != null && seen.putIfAbsent(name, path) != null) {
                problem(path + ".name", "table \"" + name + "\" is listed twice (also at " + seen.get(name) + ")", "list each table once");
            }
            String shardKey = identifier(table, path, "shardKey", "name the column whose value routes a row, e.g. \"customer_id\"");
            List<String> primaryKey = primaryKey(table.get("primaryKey"), path + ".primaryKey");
            if (name != null && shardKey != null && primaryKey != null) {
                tables.add(new TableSpec(name, shardKey, primaryKey));
            }
        }
        return tables;
    }

    /** Optional; a name may not be both sharded and a reference table, since the two are read differently. */
    private List<ReferenceTable> referenceTables(JsonNode node, List<TableSpec> sharded) {
        List<ReferenceTable> tables = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tables;
        }
        if (!node.isArray()) {
            problem("$.referenceTables", "must be an array", "list the tables every shard holds whole: [{\"name\": \"countries\", \"primaryKey\": [\"code\"]}]");
            return tables;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "$.referenceTables[" + i + "]";
            JsonNode table = node.get(i);
            if (!table.isObject()) {
                problem(path, "a reference table must be an object", "write {\"name\": …, \"primaryKey\": […]}");
                continue;
            }
            unknownFields(table, path, REFERENCE_TABLE_FIELDS);
            String name = identifier(table, path, "name", "give the table's name");
            if (name != null && seen.putIfAbsent(name, path) != null) {
                problem(path + ".name", "reference table \"" + name + "\" is listed twice (also at " + seen.get(name) + ")", "list each table once");
            }
            if (name != null && sharded.stream().anyMatch(t -> t.name().equals(name))) {
                problem(path + ".name", "\"" + name + "\" is also listed in $.tables",
                        "a table is either sharded (in tables) or the same on every shard (in referenceTables), not both");
            }
            List<String> primaryKey = primaryKey(table.get("primaryKey"), path + ".primaryKey");
            if (name != null && primaryKey != null) {
                tables.add(new ReferenceTable(name, primaryKey));
            }
        }
        return tables;
    }

    private List<String> primaryKey(JsonNode node, String path) {
        String fix = "list the primary key columns, e.g. [\"id\"]; resharding needs a primary key to copy and verify rows";
        if (node == null || node.isNull()) {
            problem(path, "primary key missing", fix);
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            problem(path, "primary key must be a non-empty array of column names", fix);
            return null;
        }
        List<String> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode column = node.get(i);
            if (!column.isTextual() || column.asText().isBlank()) {
                problem(path + "[" + i + "]", "a primary key column must be a non-empty string", fix);
                return null;
            }
            if (!seen.add(column.asText())) {
                problem(path + "[" + i + "]", "column \"" + column.asText() + "\" appears twice in the primary key", "list each column once");
                return null;
            }
            columns.add(column.asText());
        }
        return columns;
    }

    private Routing routing(JsonNode node) {
        String path = "$.routing";
        if (node == null || !node.isObject()) {
            problem(path, node == null ? "routing missing" : "routing must be an object",
                    "add {\"strategy\": \"hash-range\", \"ranges\": \"equal\"} or {\"strategy\": \"hash-ring\"}");
            return null;
        }
        String strategy = requiredText(node, path, "strategy", "use \"hash-range\" or \"hash-ring\"");
        if (strategy == null) {
            return null;
        }
        return switch (strategy) {
            case "hash-range" -> {
                unknownFields(node, path, RANGE_ROUTING_FIELDS);
                yield hashRanges(node.get("ranges"));
            }
            case "hash-ring" -> {
                unknownFields(node, path, RING_ROUTING_FIELDS);
                yield hashRing(node.get("virtualNodes"));
            }
            default -> {
                problem(path + ".strategy", "unknown strategy \"" + strategy + "\"", "use \"hash-range\" or \"hash-ring\"");
                yield null;
            }
        };
    }

    private Routing hashRing(JsonNode node) {
        if (node == null) {
            return new Routing.HashRing(Routing.HashRing.DEFAULT_VIRTUAL_NODES);
        }
        // canConvertToLong: asLong() silently truncates integers beyond 64 bits (2^64 + 1 would read as 1).
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1 || node.asLong() > MAX_VIRTUAL_NODES) {
            problem("$.routing.virtualNodes", "virtualNodes must be a whole number from 1 to " + MAX_VIRTUAL_NODES + ", was " + node,
                    "leave it out for the default of " + Routing.HashRing.DEFAULT_VIRTUAL_NODES);
            return null;
        }
        return new Routing.HashRing(node.asInt());
    }

    private Routing hashRanges(JsonNode node) {
        String path = "$.routing.ranges";
        if (node != null && node.isTextual() && node.asText().equals("equal")) {
            return new Routing.HashRanges(List.of(), true);
        }
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(path, node == null ? "ranges missing" : "ranges must be \"equal\" or a non-empty array",
                    "write \"equal\" to split the hash space evenly, or list {\"shard\", \"from\", \"to\"} ranges");
            return null;
        }
        Set<String> shardIds = declaredShardIds;
        List<OwnedRange> bounds = new ArrayList<>();
        List<OwnedRange> ranges = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode range = node.get(i);
            if (!range.isObject()) {
                problem(at, "a range must be an object", "write {\"shard\": …, \"from\": \"…\", \"to\": \"…\"}");
                continue;
            }
            unknownFields(range, at, RANGE_FIELDS);
            String shard = requiredText(range, at, "shard", "name the shard that owns this range");
            if (shard != null && !shardIds.contains(shard)) {
                problem(at + ".shard", "range names unknown shard \"" + shard + "\"", "use one of the ids in $.shards: " + String.join(", ", shardIds.stream().sorted().toList()));
                shard = null;
            }
            Long from = hashBound(range.get("from"), at + ".from");
            Long to = hashBound(range.get("to"), at + ".to");
            if (from != null && to != null && from > to) {
                problem(at, "range starts at " + from + " after it ends at " + to, "swap from and to; both bounds are inclusive");
                continue;
            }
            if (from != null && to != null) {
                // Coverage is checked even when the shard is wrong, so a gap is reported in the same run.
                bounds.add(new OwnedRange(new HashRange(from, to), shard == null ? "" : shard));
                paths.add(at);
            }
            if (shard != null && from != null && to != null) {
                ranges.add(new OwnedRange(new HashRange(from, to), shard));
            }
        }
        if (bounds.size() == node.size()) {
            coverage(bounds, paths, shardIds);
        }
        return new Routing.HashRanges(ranges, false);
    }

    /** The ranges must cover the signed 64-bit space exactly once, and every shard must own some of it. */
    private void coverage(List<OwnedRange> ranges, List<String> paths, Set<String> shardIds) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            order.add(i);
        }
        order.sort((x, y) -> ranges.get(x).range().compareTo(ranges.get(y).range()));
        BigInteger expected = BigInteger.valueOf(Long.MIN_VALUE);
        String previous = null;
        for (int index : order) {
            HashRange range = ranges.get(index).range();
            BigInteger from = BigInteger.valueOf(range.from());
            int cmp = from.compareTo(expected);
            if (cmp > 0) {
                problem(paths.get(index), "gap: hash values " + expected + " to " + from.subtract(BigInteger.ONE) + " belong to no shard",
                        previous == null ? "start the first range at -9223372036854775808" : "make this range start right after " + previous + " ends");
            } else if (cmp < 0) {
                problem(paths.get(index), "overlap: this range starts at " + from + " but " + previous + " already covers up to " + expected.subtract(BigInteger.ONE),
                        "start it at " + expected + " or shorten " + previous);
            }
            BigInteger next = BigInteger.valueOf(range.to()).add(BigInteger.ONE);
            if (next.compareTo(expected) > 0) {
                expected = next;
                previous = paths.get(index);
            }
        }
        BigInteger end = BigInteger.ONE.shiftLeft(63);
        if (expected.compareTo(end) < 0) {
            problem(previous, "gap: hash values " + expected + " to 9223372036854775807 belong to no shard",
                    "end the last range at 9223372036854775807");
        }
        Set<String> owners = new HashSet<>();
        ranges.forEach(r -> owners.add(r.shardId()));
        if (owners.contains("")) {
            // A range names an unknown shard, probably a typo of the shard that now seems to own nothing.
            return;
        }
        shardIds.stream().filter(id -> !owners.contains(id)).sorted().forEach(id ->
                problem("$.routing.ranges", "shard \"" + id + "\" owns no range", "give it a range or remove it from $.shards"));
    }

    private Long hashBound(JsonNode node, String path) {
        String fix = "write a signed 64-bit integer as a string, from \"-9223372036854775808\" to \"9223372036854775807\"";
        if (node == null || node.isNull()) {
            problem(path, "missing", fix);
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            problem(path, "not an integer: " + node, fix);
            return null;
        }
        try {
            return new BigInteger(node.asText().trim()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            problem(path, "\"" + node.asText() + "\" is not a signed 64-bit integer", fix);
            return null;
        }
    }

    private String jdbcUrl(String url, String path) {
        if (url == null) {
            return null;
        }
        if (url.startsWith(TopologyLoader.POSTGRES_PREFIX)) {
            return url;
        }
        if (url.startsWith(TopologyLoader.SQLITE_PREFIX)) {
            String file = url.substring(TopologyLoader.SQLITE_PREFIX.length());
            if (file.isBlank() || file.startsWith(":memory:") || file.startsWith("file:")) {
                problem(path, "SQLite URL \"" + url + "\" does not name a file", "use jdbc:sqlite:PATH (relative paths start at the topology file's folder)");
                return null;
            }
            return TopologyLoader.SQLITE_PREFIX + baseDir.resolve(file).normalize();
        }
        problem(path, "unsupported JDBC URL \"" + url + "\"", "use jdbc:postgresql://HOST:PORT/DB or jdbc:sqlite:PATH");
        return null;
    }

    /** Replaces every {@code ${env:NAME}}; an unset variable is a problem and yields null. */
    private String resolveEnv(String raw, String path) {
        Matcher matcher = ENV_REFERENCE.matcher(raw);
        StringBuilder resolved = new StringBuilder();
        boolean complete = true;
        while (matcher.find()) {
            String value = environment.apply(matcher.group(1));
            if (value == null) {
                problem(path, "environment variable " + matcher.group(1) + " is not set", "export " + matcher.group(1) + " before running reshard");
                complete = false;
                value = "";
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return complete ? resolved.toString() : null;
    }

    private boolean nonEmptyArray(JsonNode node, String path, String fix) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(path, node == null ? "missing" : node.isArray() ? "empty" : "must be an array", fix);
            return false;
        }
        return true;
    }

    private String identifier(JsonNode parent, String path, String field, String fix) {
        String value = requiredText(parent, path, field, fix);
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            problem(path + "." + field, "\"" + value + "\" contains control characters", "use a plain SQL identifier");
            return null;
        }
        return value;
    }

    private String requiredText(JsonNode parent, String path, String field, String fix) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            problem(path + "." + field, field + " missing", fix);
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(path + "." + field, field + " must be a non-empty string", fix);
            return null;
        }
        return node.asText();
    }

    private String optionalText(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problem(path + "." + field, field + " must be a string", "quote the value");
            return null;
        }
        return node.asText();
    }

    private void unknownFields(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!allowed.contains(field)) {
                problem(path + "." + field, "unknown field \"" + field + "\"",
                        "remove it; allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private void problem(String path, String problem, String fix) {
        problems.add(new TopologyProblem(path, problem, fix));
    }
}
