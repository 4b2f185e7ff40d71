package org.reshard.query;

import static org.reshard.query.OracleCase.keyOrdered;
import static org.reshard.query.OracleCase.ordered;
import static org.reshard.query.OracleCase.unordered;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The queries both oracle tests run: every merge the engine does, on data full of NULLs and ties. */
final class OracleQueries {

    private OracleQueries() {
    }

    /** Queries whose SQL is the same on PostgreSQL and SQLite. */
    static List<OracleCase> common() {
        return List.of(
                ordered("count(*)", "SELECT count(*) FROM orders"),
                ordered("count of columns with NULLs", "SELECT count(total), count(status), count(note) FROM orders"),
                ordered("sum of numeric and integer", "SELECT sum(total), sum(quantity) FROM orders"),
                ordered("min and max of every kind", "SELECT min(total), max(total), min(created_at), max(created_at), min(status), max(note) FROM orders"),
                ordered("avg rewritten into sum and count", "SELECT avg(total), avg(quantity) FROM orders"),
                ordered("aggregates over no rows", "SELECT count(*), sum(total), avg(total), min(id) FROM orders WHERE id < 0"),
                ordered("group by with a NULL group", "SELECT status, count(*), sum(total), avg(quantity) FROM orders GROUP BY status ORDER BY status"),
                ordered("two group keys, having, order by alias",
                        "SELECT country, status, count(*) AS n, round(avg(total), 2) AS mean FROM orders GROUP BY country, status"
                                + " HAVING count(*) > 20 ORDER BY n DESC, country, status"),
                ordered("having on an aggregate expression",
                        "SELECT status, sum(total) / count(*) AS mean FROM orders GROUP BY status HAVING sum(total) > 1000 ORDER BY 1 NULLS FIRST"),
                ordered("expressions over aggregates",
                        "SELECT max(total) - min(total), sum(quantity) / count(*), sum(quantity) * 1.0 / count(quantity),"
                                + " count(DISTINCT status) + 1 FROM orders"),
                ordered("order by with NULLs first (DESC default) and ties broken by id", "SELECT id, total FROM orders ORDER BY total DESC, id"),
                ordered("explicit NULLS FIRST ascending", "SELECT id, status FROM orders ORDER BY status ASC NULLS FIRST, id DESC"),
                ordered("explicit NULLS LAST descending", "SELECT id, quantity FROM orders ORDER BY quantity DESC NULLS LAST, id LIMIT 50"),
                ordered("limit and offset", "SELECT id, customer_id, total FROM orders ORDER BY total, id LIMIT 25 OFFSET 40"),
                ordered("order by a column not selected", "SELECT id FROM orders ORDER BY quantity DESC NULLS LAST, id LIMIT 30"),
                ordered("order by alias and position",
                        "SELECT id AS order_id, quantity * 2 AS doubled FROM orders WHERE quantity IS NOT NULL ORDER BY doubled DESC, 1 LIMIT 20"),
                keyOrdered("order by with ties, no tie-breaker", "SELECT status, id FROM orders WHERE customer_id < 100 ORDER BY status", 0),
                ordered("order by a timestamp", "SELECT id, created_at FROM orders ORDER BY created_at DESC, id LIMIT 15"),
                ordered("order by Unicode text", "SELECT id, note FROM orders WHERE note IS NOT NULL ORDER BY note, id LIMIT 40"),
                unordered("distinct as a set", "SELECT DISTINCT status, country FROM orders"),
                ordered("distinct ordered with limit", "SELECT DISTINCT country FROM orders ORDER BY country NULLS FIRST LIMIT 5"),
                ordered("count distinct across shards", "SELECT count(DISTINCT customer_id), count(DISTINCT country), count(DISTINCT total) FROM orders"),
                ordered("count distinct per group", "SELECT status, count(DISTINCT country), count(*) FROM orders GROUP BY status ORDER BY status"),
                ordered("sum and avg of distinct values", "SELECT sum(DISTINCT quantity), avg(DISTINCT quantity), sum(DISTINCT total) FROM orders"),
                ordered("where filters", "SELECT count(*), sum(total) FROM orders WHERE status IN ('paid', 'shipped') AND total BETWEEN 100 AND 5000 AND note IS NULL"),
                ordered("timestamp range filter",
                        "SELECT count(*), min(id), max(total) FROM orders WHERE created_at >= '2025-06-01T00:00:00Z' AND created_at < '2025-07-01T00:00:00Z'"),
                unordered("plain filter, rows concatenated", "SELECT id, status, total FROM orders WHERE customer_id < 60"),
                ordered("case over an aggregate",
                        "SELECT status, CASE WHEN count(*) > 500 THEN 'big' ELSE 'small' END AS size FROM orders GROUP BY status ORDER BY status NULLS FIRST"),
                ordered("group by an expression of a column", "SELECT upper(status) AS s, count(*) FROM orders GROUP BY upper(status) ORDER BY s"),
                ordered("order by an aggregate not selected", "SELECT country FROM orders GROUP BY country ORDER BY count(*) DESC, country LIMIT 5"),
                ordered("coalesce as group key", "SELECT coalesce(country, '??') AS c, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC, 1"),
                ordered("groups with limit and offset",
                        "SELECT customer_id, count(*), sum(total) FROM orders GROUP BY customer_id ORDER BY sum(total) DESC NULLS LAST, customer_id LIMIT 10 OFFSET 5"),
                ordered("having without the aggregate selected",
                        "SELECT country FROM orders GROUP BY country HAVING min(quantity) = 1 AND max(quantity) >= 9 ORDER BY country"),
                ordered("select star ordered", "SELECT * FROM orders ORDER BY id LIMIT 7"));
    }

    /** Date and JSON queries in PostgreSQL's SQL, the same on the shards and the oracle. */
    static List<OracleCase> postgresOnly() {
        return List.of(
                ordered("date function group", "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*), sum(total)"
                        + " FROM orders GROUP BY 1 ORDER BY 1"),
                ordered("date_trunc key and extract filter", "SELECT date_trunc('month', created_at AT TIME ZONE 'UTC') AS m, max(quantity)"
                        + " FROM orders WHERE extract(dow FROM created_at AT TIME ZONE 'UTC') = 1 GROUP BY 1 ORDER BY 1 DESC LIMIT 4"),
                ordered("json field filter", "SELECT count(*), sum(quantity) FROM orders WHERE attrs->>'channel' = 'web'"),
                ordered("json field group", "SELECT attrs->>'channel' AS channel, count(*), avg(total) FROM orders GROUP BY 1 ORDER BY 1"),
                ordered("json boolean filter rows", "SELECT id, attrs FROM orders WHERE (attrs->>'gift')::boolean ORDER BY id LIMIT 12"));
    }

    /** The same date and JSON questions in SQLite's SQL, answered by the PostgreSQL oracle in its own. */
    static List<OracleCase> sqliteOnly() {
        return List.of(
                ordered("date function group", "SELECT strftime('%Y-%m', created_at) AS month, count(*), sum(total) FROM orders GROUP BY 1 ORDER BY 1")
                        .onOracle("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*), sum(total) FROM orders GROUP BY 1 ORDER BY 1"),
                ordered("json field filter", "SELECT count(*), sum(quantity) FROM orders WHERE json_extract(attrs, '$.channel') = 'web'")
                        .onOracle("SELECT count(*), sum(quantity) FROM orders WHERE attrs->>'channel' = 'web'"),
                ordered("json field group", "SELECT json_extract(attrs, '$.channel') AS channel, count(*), avg(total) FROM orders GROUP BY 1 ORDER BY 1")
                        .onOracle("SELECT attrs->>'channel' AS channel, count(*), avg(total) FROM orders GROUP BY 1 ORDER BY 1"));
    }

    /**
     * Quoted literals in what the merge evaluates itself (HAVING, ORDER BY and select-list expressions over
     * aggregates), each answered by one database of the shards' kind: PostgreSQL reads '8' next to a bigint
     * as the bigint 8, SQLite compares an aggregate with text as a number with text (always less).
     */
    static List<OracleCase> literals() {
        return ownKind(
                ordered("literal: the reported case, count(*) != '8' over 8 rows",
                        "SELECT count(*) AS a FROM orders WHERE id <= 8 HAVING count(*) != '8'"),
                ordered("literal: count(*) = '8' over 8 rows", "SELECT count(*) AS a FROM orders WHERE id <= 8 HAVING count(*) = '8'"),
                ordered("literal against count per group",
                        "SELECT status, count(*) FROM orders GROUP BY status HAVING count(*) > '480' ORDER BY status NULLS FIRST"),
                ordered("literal against sum of integer, equal at the bound",
                        "SELECT country, sum(quantity) FROM orders GROUP BY country HAVING sum(quantity) <= '2246' ORDER BY country NULLS FIRST"),
                ordered("literal against avg of numeric",
                        "SELECT status, round(avg(total), 2) FROM orders GROUP BY status HAVING avg(total) >= '4000.5' ORDER BY 1 NULLS FIRST"),
                ordered("literals as BETWEEN bounds of sum of numeric",
                        "SELECT country, sum(total) FROM orders GROUP BY country HAVING sum(total) BETWEEN '1624439.77' AND '1700000'"
                                + " ORDER BY 1 NULLS FIRST"),
                ordered("literals against min and max of integer",
                        "SELECT status, min(quantity) FROM orders GROUP BY status HAVING min(quantity) = '1' AND max(quantity) IN ('8', '9')"
                                + " ORDER BY 1 NULLS FIRST"),
                ordered("literal against max of timestamp",
                        "SELECT country, max(created_at) FROM orders GROUP BY country HAVING max(created_at) > '2025-12-31' ORDER BY 1 NULLS FIRST"),
                ordered("literal with an offset against max of timestamp",
                        "SELECT country, max(created_at) FROM orders GROUP BY country HAVING max(created_at) < '2025-12-31 14:00:00+02'"
                                + " ORDER BY 1 NULLS FIRST"),
                ordered("literal against min of timestamp",
                        "SELECT status, min(created_at) FROM orders GROUP BY status HAVING min(created_at) >= '2025-01-01 12:00' ORDER BY 1 NULLS FIRST"),
                ordered("literals against min of text and max of a text key",
                        "SELECT status, min(note) FROM orders GROUP BY status HAVING min(note) = 'Apple' AND max(status) < 'q' ORDER BY 1 NULLS FIRST"),
                ordered("two literals compare as text", "SELECT status, count(*) FROM orders GROUP BY status"
                        + " HAVING CASE WHEN count(*) > 900 THEN '10' ELSE '9' END < '9' ORDER BY 1"),
                ordered("literal against a grouped integer column in a simple CASE",
                        "SELECT quantity, CASE quantity WHEN '3' THEN count(*) ELSE 0 END AS n FROM orders GROUP BY quantity ORDER BY 1 NULLS FIRST"),
                ordered("literal against a grouped numeric column in a simple CASE",
                        "SELECT total, CASE total WHEN '100.00' THEN count(*) ELSE -1 END AS n FROM orders"
                                + " WHERE total IN (19.99, 49.50, 100.00) GROUP BY total ORDER BY 1"),
                ordered("literal against a grouped text column in a simple CASE",
                        "SELECT status, CASE status WHEN 'paid' THEN sum(quantity) ELSE 0 END AS n FROM orders GROUP BY status ORDER BY 1 NULLS FIRST"),
                ordered("order by a comparison with a literal",
                        "SELECT status, count(*) FROM orders GROUP BY status ORDER BY count(*) > '480' DESC, status NULLS FIRST"),
                ordered("order by arithmetic with a literal",
                        "SELECT country, sum(quantity) FROM orders GROUP BY country ORDER BY abs(sum(quantity) - '2300'), country"),
                ordered("outer arithmetic with quoted numbers",
                        "SELECT count(*) + '1', sum(quantity) * '2', sum(total) - '0.5', sum(quantity) / '3', avg(quantity) + '1' FROM orders"),
                ordered("quoted digits of round", "SELECT status, round(avg(total), '2') FROM orders GROUP BY status ORDER BY 1 NULLS FIRST"),
                ordered("literals in COALESCE and CASE over no rows",
                        "SELECT coalesce(max(quantity), '0'), CASE WHEN count(*) > 0 THEN count(*) ELSE '0' END FROM orders WHERE id < 0"));
    }

    /** Literals PostgreSQL reads as a boolean, a date and a timestamp without time zone. */
    static List<OracleCase> postgresLiterals() {
        return ownKind(
                ordered("literal against a grouped boolean in a simple CASE",
                        "SELECT (attrs->>'gift')::boolean AS gift, CASE (attrs->>'gift')::boolean WHEN 'yes' THEN count(*) ELSE 0 END AS n"
                                + " FROM orders GROUP BY 1 ORDER BY 1 NULLS FIRST"),
                ordered("literal against max of a date",
                        "SELECT country, max((created_at AT TIME ZONE 'UTC')::date) FROM orders GROUP BY country"
                                + " HAVING max((created_at AT TIME ZONE 'UTC')::date) >= '2025-12-31' ORDER BY 1 NULLS FIRST"),
                ordered("literal against min of a timestamp without time zone",
                        "SELECT status, min(created_at AT TIME ZONE 'UTC') FROM orders GROUP BY status"
                                + " HAVING min(created_at AT TIME ZONE 'UTC') < '2025-01-01T06:00:00' ORDER BY 1 NULLS FIRST"));
    }

    /** SQLite's TEXT affinity of a grouped column turns a number it meets into text. */
    static List<OracleCase> sqliteLiterals() {
        return ownKind(
                ordered("number against a grouped text column",
                        "SELECT created_at, count(*) FROM orders WHERE id <= 10 GROUP BY created_at HAVING created_at < count(*) + 2025 ORDER BY 1"),
                ordered("literal against a text-affine CAST of an aggregate", "SELECT count(*) FROM orders HAVING CAST(count(*) AS TEXT) = 4000"));
    }

    /** Quoted literals PostgreSQL rejects for the type they meet: the engine must fail with PostgreSQL's words. */
    static List<OracleCase> postgresLiteralErrors() {
        return List.of(
                ordered("not a bigint", "SELECT count(*) AS a FROM orders WHERE id <= 8 HAVING count(*) != 'abc'"),
                ordered("a fraction added to a bigint", "SELECT count(*) + '1.5' FROM orders"),
                ordered("out of range for integer",
                        "SELECT status, min(quantity) FROM orders GROUP BY status HAVING min(quantity) = '3000000000'"),
                ordered("not a numeric", "SELECT sum(total) FROM orders HAVING sum(total) > 'lots'"),
                ordered("overflowing numeric", "SELECT avg(quantity) FROM orders HAVING avg(quantity) > '1e1000000'"),
                ordered("not a timestamp with time zone", "SELECT max(created_at) FROM orders HAVING max(created_at) > 'soon'"),
                ordered("not a boolean", "SELECT (attrs->>'gift')::boolean, CASE (attrs->>'gift')::boolean WHEN 'maybe' THEN count(*) END"
                        + " FROM orders GROUP BY 1"),
                ordered("not a bigint, with no group to compare",
                        "SELECT status, count(*) FROM orders WHERE id < 0 GROUP BY status HAVING count(*) > 'x'"));
    }

    private static List<OracleCase> ownKind(OracleCase... cases) {
        return Arrays.stream(cases).map(OracleCase::onOwnKind).toList();
    }

    @SafeVarargs
    static List<OracleCase> concat(List<OracleCase>... lists) {
        List<OracleCase> all = new ArrayList<>();
        Arrays.stream(lists).forEach(all::addAll);
        return all;
    }
}
