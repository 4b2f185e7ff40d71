package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reshard.shard.Column;
import org.reshard.shard.PostgresCatalog;
import org.reshard.shard.TableSchema;

/**
 * Pre-flight comparison of a target table that already exists (deployed by hand) with its source table.
 * Differences that would lose or change copied data are refused: a missing column, a different or narrower
 * type, NOT NULL where the source allows NULL, a target-only NOT NULL column without a default, a different
 * primary key, a generated-column mismatch, a different partition key. The rest are notes: an extra nullable
 * column, a wider type, a different default, an index, constraint or trigger on one side only or defined
 * differently, a partitioned source landing in a plain table. Each line names the object.
 */
final class TargetDrift {

    /** What pre-flight refuses and what it only reports. */
    record Drift(List<String> refused, List<String> notes) {
    }

    private static final Pattern VARCHAR = Pattern.compile("character varying\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");
    private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");

    private TargetDrift() {
    }

    /**
     * Compares the tables; {@code source} and {@code target} are open connections to the two shards, used on
     * PostgreSQL for constraints and triggers (null skips those).
     */
    static Drift compare(TableSchema from, TableSchema to, String sourceShard, String targetShard, Connection source,
                         Connection target) throws SQLException {
        List<String> refused = new java.util.ArrayList<>();
        List<String> notes = new java.util.ArrayList<>();
        String table = "table " + from.table() + " on " + targetShard + ": ";
        String versus = " on " + sourceShard + " but ";
        for (Column c : from.columns()) {
            Optional<Column> found = to.column(c.name());
            if (found.isEmpty()) {
                refused.add(table + "column " + c.name() + " is missing — its values would be lost; add it (" + c.type() + ")");
                continue;
            }
            Column t = found.get();
            if (c.generated() != t.generated()) {
                refused.add(table + "column " + c.name() + " is " + (c.generated() ? "generated" : "a stored value") + versus
                        + (t.generated() ? "generated" : "a stored value") + " there — its values would change or be rejected");
                continue;
            }
            if (c.generated() && !Objects.equals(c.defaultSql(), t.defaultSql())) {
                refused.add(table + "generated column " + c.name() + " is computed as " + c.defaultSql() + versus + t.defaultSql()
                        + " there — its values would differ");
                continue;
            }
            if (!c.type().equalsIgnoreCase(t.type())) {
                if (widens(c.type(), t.type())) {
                    notes.add(table + "column " + c.name() + " is " + c.type() + versus + t.type() + " there (wider; values fit)");
                } else {
                    refused.add(table + "column " + c.name() + " is " + c.type() + versus + t.type()
                            + " there — a different or narrower type would change or reject values; make it " + c.type());
                }
            }
            if (t.notNull() && !c.notNull()) {
                refused.add(table + "column " + c.name() + " is NOT NULL there but allows NULL on " + sourceShard
                        + " — rows with NULL would be rejected; drop the NOT NULL");
            }
            if (!c.generated() && !Objects.equals(sequenceNeutral(c.defaultSql()), sequenceNeutral(t.defaultSql()))) {
                notes.add(table + "column " + c.name() + " defaults to " + (c.defaultSql() == null ? "nothing" : c.defaultSql()) + versus
                        + (t.defaultSql() == null ? "nothing" : t.defaultSql()) + " there (copied rows keep their values;"
                        + " new rows on " + targetShard + " get its default)");
            }
        }
        for (Column t : to.columns()) {
            if (from.column(t.name()).isPresent()) {
                continue;
            }
            if (t.notNull() && t.defaultSql() == null && !t.generated()) {
                refused.add(table + "column " + t.name() + " exists only there and is NOT NULL without a default — copied rows"
                        + " would be rejected; give it a default or drop the NOT NULL");
            } else {
                notes.add(table + "column " + t.name() + " exists only there (" + t.type() + (t.notNull() ? ", with a default" : ", nullable")
                        + "); copied rows get " + (t.defaultSql() == null ? "NULL" : t.defaultSql()));
            }
        }
        if (!from.primaryKey().equals(to.primaryKey())) {
            refused.add(table + "the primary key is " + from.primaryKey() + versus + to.primaryKey()
                    + " there — rows are copied, applied and verified by key; make it " + from.primaryKey());
        }
        if (from.partitioned() && to.partitioned() && !from.partitionBy().equalsIgnoreCase(to.partitionBy())) {
            refused.add(table + "it is partitioned by " + from.partitionBy() + versus + to.partitionBy()
                    + " there — the source's partitions cannot be created there and rows may find no partition");
        } else if (from.partitioned() && !to.partitioned()) {
            notes.add(table + "it is partitioned by " + from.partitionBy() + " on " + sourceShard
                    + " but a plain table there; the rows of every partition land in it");
        } else if (!from.partitioned() && to.partitioned()) {
            notes.add(table + "it is partitioned by " + to.partitionBy() + " there but not on " + sourceShard
                    + "; every copied row needs a partition there (a DEFAULT partition catches the rest)");
        }
        compareNamed(table, "index", names(from.indexStatements()), names(to.indexStatements()), sourceShard, notes);
        if (source != null && target != null) {
            compareNamed(table, "constraint", PostgresCatalog.constraints(source, from.table()),
                    PostgresCatalog.constraints(target, to.table()), sourceShard, notes);
            compareNamed(table, "trigger", PostgresCatalog.triggers(source, from.table()),
                    PostgresCatalog.triggers(target, to.table()), sourceShard, notes);
        }
        return new Drift(refused, notes);
    }

    /** Index statements as {@code name: definition with the name removed}. */
    private static List<String> names(List<String> statements) {
        Pattern p = Pattern.compile("(?i)^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\S+)\\s+ON\\s+(.*)$");
        return statements.stream().map(s -> {
            Matcher m = p.matcher(s.strip());
            return m.matches() ? m.group(1).replace("\"", "") + ": " + s.strip().replaceFirst(Pattern.quote(m.group(1)) + "\\s+", "")
                    : s + ": " + s;
        }).toList();
    }

    private static void compareNamed(String table, String kind, List<String> source, List<String> target, String sourceShard,
                                     List<String> notes) {
        for (String entry : source) {
            String name = PostgresCatalog.nameOf(entry);
            Optional<String> other = PostgresCatalog.find(target, name);
            if (other.isEmpty()) {
                notes.add(table + kind + " " + name + " is missing (on " + sourceShard + ": " + definition(entry) + ")");
            } else if (!normalize(definition(entry)).equals(normalize(definition(other.get())))) {
                notes.add(table + kind + " " + name + " is " + definition(other.get()) + " there but " + definition(entry)
                        + " on " + sourceShard);
            }
        }
        for (String entry : target) {
            if (PostgresCatalog.find(source, PostgresCatalog.nameOf(entry)).isEmpty()) {
                notes.add(table + kind + " " + PostgresCatalog.nameOf(entry) + " exists only there (" + definition(entry) + ")");
            }
        }
    }

    private static String definition(String entry) {
        return entry.substring(entry.indexOf(": ") + 2);
    }

    private static String normalize(String definition) {
        return definition.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** Sequence-backed defaults compare equal whatever the sequence is called or whether it is an identity. */
    private static String sequenceNeutral(String defaultSql) {
        if (defaultSql != null && (defaultSql.contains("nextval(") || defaultSql.endsWith(" AS IDENTITY"))) {
            return "a sequence";
        }
        return defaultSql;
    }

    /** True when every value of {@code from} fits {@code to} unchanged (PostgreSQL type names). */
    static boolean widens(String from, String to) {
        String a = from.toLowerCase(Locale.ROOT);
        String b = to.toLowerCase(Locale.ROOT);
        if (INTEGERS.contains(a) && (INTEGERS.contains(b) || b.equals("numeric"))) {
            return INTEGERS.contains(b) ? INTEGERS.indexOf(b) >= INTEGERS.indexOf(a) : true;
        }
        Matcher va = VARCHAR.matcher(a);
        if (va.matches()) {
            Matcher vb = VARCHAR.matcher(b);
            return b.equals("text") || b.equals("character varying") || vb.matches() && Integer.parseInt(vb.group(1)) >= Integer.parseInt(va.group(1));
        }
        if (a.equals("character varying") && b.equals("text") || a.equals("text") && b.equals("character varying")) {
            return true;
        }
        Matcher na = NUMERIC.matcher(a);
        if (na.matches()) {
            if (b.equals("numeric")) {
                return true;
            }
            Matcher nb = NUMERIC.matcher(b);
            return nb.matches() && Integer.parseInt(nb.group(2)) >= Integer.parseInt(na.group(2))
                    && Integer.parseInt(nb.group(1)) - Integer.parseInt(nb.group(2)) >= Integer.parseInt(na.group(1)) - Integer.parseInt(na.group(2));
        }
        return false;
    }
}
