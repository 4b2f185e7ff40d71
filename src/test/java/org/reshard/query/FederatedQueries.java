package org.reshard.query;
import static org.reshard.query.OracleCase.keyOrdered;
import static org.reshard.query.OracleCase.ordered;
import static org.reshard.query.OracleCase.unordered;
import java.util.List;
/**
 * The statements of the federated differential suite, over {@link ShopData}'s tables: every one is refused by the
 * streaming merge (a join off the shard keys, a subquery, a set operation, a window, …) and so runs federated.
 */
final class FederatedQueries {
    private static final String LINES = "line_items l JOIN orders o ON o.id = l.order_id";
    private FederatedQueries() {
    }
    /** Statements the federated engine refuses (with the reason) rather than answer differently from PostgreSQL. */
    static List<String> refused() {
        return List.of(
                "SELECT c.name, e.payload ->> 'sku' FROM events e JOIN customers c ON c.id = e.id WHERE c.name || (e.payload ->> 'sku') > 'customer-5'",
                "SELECT e.kind, array_agg(DISTINCT e.amount) FROM events e JOIN customers c ON c.id = e.id GROUP BY e.kind");
    }

    /** The variance of doubles depends on PostgreSQL's scan order; SQLite has no variance, and the engine's double one is answered there. */
    static List<String> refusedOnPostgres() {
        return List.of("SELECT status, stddev_samp(total::float8) FROM orders GROUP BY status",
                "SELECT id, variance(total::float8) OVER (PARTITION BY status) FROM orders",
                "SELECT e.kind, sum(e.at - e.at) FROM events e WHERE e.id IN (SELECT id FROM customers) GROUP BY e.kind",
                "SELECT e.id, e.at - e.at + interval '1 hour' FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, coalesce(e.at - e.at, interval '1 mon') FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, date_part(e.kind, e.at) FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, to_char(e.at, 'YYYY-MM-DD HH24:MI TZ') FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, to_char(e.at, e.kind) FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, coalesce(e.at, '2026-01-01') FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, interval '1 day' FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, coalesce(e.at, e.local_at) FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT p.id, p.paid_on + p.id FROM payments p JOIN customers c ON c.id = p.id",
                "SELECT p.id, extract(hour FROM p.paid_on) FROM payments p JOIN customers c ON c.id = p.id");
    }

    /** SQLite keeps timestamps as text and has none of PostgreSQL's date/time functions, nor jsonb's #> and @>. */
    static List<String> refusedOnSqlite() {
        return List.of("SELECT e.id FROM events e JOIN customers c ON c.id = e.id WHERE e.payload @> '{\"qty\": 2}'",
                "SELECT e.id, e.payload #>> '{sku}' FROM events e JOIN customers c ON c.id = e.id","SELECT date_trunc('month', e.at) AS m, count(*) FROM events e JOIN customers c ON c.id = e.id GROUP BY 1",
                "SELECT e.id, extract(year FROM e.at) AS y FROM events e WHERE e.id IN (SELECT id FROM customers)",
                "SELECT e.id, e.amount FROM events e WHERE e.id IN (SELECT id FROM customers) AND e.at < now() - interval '1 day'");
    }

    /** jsonb's path and containment operators, computed in Calcite in the select list and by the shards in WHERE. */
    static List<OracleCase> jsonb() {
        String joined = " FROM events e JOIN customers c ON c.id = e.id";
        return List.of(
                unordered("#> and #>> paths", "SELECT e.id, e.payload #> '{sku}' AS sku_json, e.payload #>> '{qty}' AS qty, e.payload #> '{}' AS whole,"
                        + " e.payload #>> '{sku,0}' AS none" + joined),
                unordered("@> in the select list", "SELECT e.id, e.payload @> '{\"tag\": \"t1\"}' AS t1, e.payload @> '{}' AS any_object,"
                        + " e.payload @> '{\"qty\": 2.0}' AS two" + joined),
                unordered("@> and -> in WHERE run on the shards", "SELECT e.id, c.name" + joined + " WHERE e.payload @> '{\"qty\": 2}'"
                        + " OR e.payload -> 'sku' = '\"sku-3\"'"));
    }

    /**
     * PostgreSQL's timestamps, exact to the microsecond in the session's time zone: passed through, compared with
     * literals, truncated, extracted, shifted by intervals, printed, ordered, joined and windowed.
     */
    static List<OracleCase> timestamps() {
        String joined = " FROM events e JOIN customers c ON c.id = e.id";
        String filtered = " FROM events e WHERE e.id IN (SELECT id FROM customers)";
        return List.of(
                unordered("timestamps pass through to the microsecond", "SELECT e.id, e.at, e.local_at" + filtered),
                unordered("min and max of timestamps over a join", "SELECT e.kind, max(e.local_at), min(e.at)" + joined + " GROUP BY e.kind"),
                unordered("date_trunc month of a timestamptz, grouped", "SELECT date_trunc('month', e.at) AS m, count(*)" + joined + " GROUP BY 1"),
                unordered("date_trunc week and day of timestamps", "SELECT date_trunc('week', e.local_at) AS w, date_trunc('day', e.at) AS d,"
                        + " sum(e.amount)" + joined + " GROUP BY 1, 2"),
                unordered("extract as numerics", "SELECT e.id, extract(year FROM e.at) AS y, extract(dow FROM e.at) AS wd, extract(epoch FROM e.at)"
                        + " AS ep, extract(second FROM e.local_at) AS s, extract(hour FROM e.at) AS h" + filtered),
                unordered("timestamp plus and minus intervals", "SELECT e.id, e.at + interval '1 month' AS next_month, e.local_at - interval '36 hours' AS"
                        + " earlier, e.at + interval '1 day 2 hours' AS later" + filtered),
                unordered("now() minus an interval in WHERE", "SELECT e.id, e.amount" + filtered + " AND e.at < now() - interval '1 day'"),
                unordered("a literal minus an interval in WHERE", "SELECT e.id, e.kind" + filtered + " AND e.at >= '2026-02-01'::timestamptz - interval '1 week'"),
                unordered("BETWEEN timestamp literals", "SELECT e.kind, count(*)" + joined + " WHERE e.at BETWEEN '2026-01-15' AND '2026-02-15 12:00'"
                        + " AND e.local_at > '2026-01-20 08:30:00.5' GROUP BY e.kind"),
                unordered("timestamps as text", "SELECT e.id, e.at::text AS at_text, e.local_at::text AS local_text" + joined),
                ordered("latest events first", "SELECT e.id, e.at" + joined + " ORDER BY e.at DESC NULLS LAST, e.id LIMIT 10"),
                ordered("join on the day", "SELECT count(*) FROM events a JOIN events b ON date_trunc('day', a.at) = date_trunc('day', b.at) AND a.id < b.id"),
                unordered("percentile_disc and mode of timestamps", "SELECT e.kind, percentile_disc(0.5) WITHIN GROUP (ORDER BY e.at) AS mid,"
                        + " mode() WITHIN GROUP (ORDER BY date_trunc('week', e.at) DESC) AS busiest_week" + joined + " GROUP BY e.kind"),
                unordered("lag of a timestamp in a window", "SELECT e.id, lag(e.at) OVER (PARTITION BY e.kind ORDER BY e.at, e.id) AS previous" + filtered),
                unordered("UNION of timestamps", "SELECT at FROM events WHERE kind = 'view' UNION SELECT at FROM events WHERE kind = 'buy'"),
                unordered("date_trunc compared in WHERE", "SELECT e.id, e.kind" + filtered + " AND date_trunc('day', e.at) = '2026-03-08'"
                        + " OR date_trunc('hour', e.local_at) >= '2026-03-29 01:00'"),
                unordered("extract in WHERE and GROUP BY across daylight saving time", "SELECT extract(hour FROM e.at) AS h, count(*)" + joined
                        + " WHERE e.at >= '2026-03-07' AND e.at < '2026-03-10' GROUP BY 1"),
                unordered("dates pass through", "SELECT p.id, p.paid_on FROM payments p JOIN customers c ON c.id = p.id"),
                unordered("dates compared with a literal, grouped, min and max", "SELECT p.paid_on, count(*), min(p.paid_on) AS first, max(c.name)"
                        + " FROM payments p JOIN customers c ON c.id = p.id WHERE p.paid_on >= '2026-02-01' GROUP BY p.paid_on"),
                unordered("extract from a date", "SELECT p.id, extract(dow FROM p.paid_on) AS wd, extract(epoch FROM p.paid_on) AS ep"
                        + " FROM payments p JOIN customers c ON c.id = p.id"),
                unordered("date_trunc of a date", "SELECT date_trunc('month', p.paid_on) AS m, count(*) FROM payments p JOIN customers c ON c.id = p.id GROUP BY 1"),
                unordered("a timestamp compared with a date", "SELECT e.id FROM events e JOIN payments p ON p.id = e.id WHERE e.at >= p.paid_on"),
                unordered("a timestamptz compared with a timestamp, in the session's time zone", "SELECT e.id" + filtered + " AND e.at > e.local_at"),
                unordered("dates as text and timestamps cast across kinds", "SELECT p.id, p.paid_on::text AS t, p.paid_on::timestamptz AS z,"
                        + " p.paid_on::timestamp AS l FROM payments p JOIN customers c ON c.id = p.id"),
                unordered("timestamps as dates", "SELECT e.at::date AS d, count(*)" + joined + " GROUP BY 1"),
                unordered("a date plus an interval", "SELECT p.id, p.paid_on + interval '1 day' AS next_day FROM payments p JOIN customers c ON c.id = p.id"),
                unordered("to_char of timestamps, grouped by month", "SELECT to_char(e.at, 'YYYY-MM') AS month, count(*), sum(e.amount)" + joined
                        + " GROUP BY 1"),
                unordered("to_char with names, fill mode, ordinals and offsets", "SELECT e.id, to_char(e.at, 'FMDay, FMDDth FMMonth YYYY HH12:MI:SS.US am OF')"
                        + " AS z, to_char(e.local_at, 'Dy DD Mon IYYY-\"W\"IW Q J OF') AS l" + filtered),
                unordered("to_char of a date and in WHERE", "SELECT p.id, to_char(p.paid_on, 'YYYY-MM-DD HH24:MI OF') AS d FROM payments p"
                        + " JOIN customers c ON c.id = p.id WHERE to_char(p.paid_on, 'Dy') <> 'Sun'"),
                unordered("date_part as PostgreSQL's double", "SELECT e.id, date_part('epoch', e.at) AS ep, date_part('second', e.local_at) AS s,"
                        + " date_part('julian', e.at) AS j, date_part('milliseconds', e.at) AS ms, date_part('year', e.at) AS y,"
                        + " date_part('timezone', e.at) AS tz" + filtered),
                unordered("date_part of a date, grouped", "SELECT date_part('dow', p.paid_on) AS wd, date_part('epoch', p.paid_on) AS ep, count(*)"
                        + " FROM payments p JOIN customers c ON c.id = p.id GROUP BY 1, 2"),
                unordered("extract of every field", "SELECT e.id, extract(milliseconds FROM e.at) AS ms, extract(microseconds FROM e.at) AS us,"
                        + " extract(julian FROM e.at) AS j, extract(isoyear FROM e.at) AS iy, extract(isodow FROM e.at) AS idw,"
                        + " extract(doy FROM e.at) AS dy, extract(week FROM e.at) AS w, extract(quarter FROM e.at) AS q,"
                        + " extract(decade FROM e.at) AS dc, extract(century FROM e.at) AS c, extract(millennium FROM e.at) AS m,"
                        + " extract(timezone FROM e.at) AS tz, extract(timezone_hour FROM e.at) AS tzh, extract(year FROM e.at) / 7 AS numeric_division,"
                        + " extract('minute' FROM e.at) AS quoted_field, extract( 'Julian'  from e.local_at) AS quoted_julian,"
                        + " extract(epoch FROM e.at) / 60 AS minutes"
                        + filtered),
                unordered("intervals between timestamps", "SELECT e.id, e.at - lag(e.at) OVER (PARTITION BY e.kind ORDER BY e.at, e.id) AS gap,"
                        + " e.local_at - timestamp '2026-01-01 12:00:00' AS since, (e.at - '2026-02-01'::timestamptz)::text AS t" + filtered),
                unordered("the span of each kind and its seconds", "SELECT e.kind, max(e.at) - min(e.at) AS span, extract(epoch FROM max(e.at) - min(e.at))"
                        + " AS secs, date_part('epoch', max(e.at) - min(e.at)) AS float_secs, extract(day FROM max(e.local_at) - min(e.local_at)) AS days, min(e.local_at - timestamp '2026-03-01 00:00:00') AS closest"
                        + joined + " GROUP BY e.kind"),
                unordered("intervals across kinds, converted in the session's time zone", "SELECT e.id, e.at - e.local_at AS zoned_minus_local,"
                        + " e.local_at - date '2026-01-01' AS since_new_year, p.paid_on - e.at AS paid_after FROM events e JOIN payments p ON p.id = e.id"),
                ordered("intervals compared with literals and ordered", "SELECT a.id, b.at - a.at AS gap FROM events a JOIN events b ON b.id = a.id + 1"
                        + " WHERE b.at - a.at > interval '1 day' OR b.at - a.at BETWEEN interval '-2 hours' AND interval '1 mon'"
                        + " ORDER BY gap DESC, a.id LIMIT 20"),
                unordered("a date plus and minus days", "SELECT p.id, p.paid_on + 1 AS next_day, p.paid_on - 30 AS month_before, 7 + p.paid_on AS"
                        + " week_after FROM payments p JOIN customers c ON c.id = p.id"),
                unordered("days between dates", "SELECT a.id, a.paid_on - b.paid_on AS days FROM payments a JOIN payments b ON b.id = a.id + 1"),
                unordered("a date minus days in WHERE", "SELECT p.id, p.amount FROM payments p JOIN customers c ON c.id = p.id"
                        + " WHERE p.paid_on >= date '2026-03-01' - 14 AND p.paid_on - 1 < '2026-03-20'"),
                unordered("current_date and localtimestamp", "SELECT e.id" + filtered + " AND e.local_at < current_date AND e.local_at < localtimestamp"));
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    static List<OracleCase> all() {
        return List.of(
                // joins across shards
                unordered("inner join off the shard key", "SELECT o.id, l.sku, l.qty FROM " + LINES),
                unordered("left join", "SELECT o.id, l.id AS line FROM orders o LEFT JOIN line_items l ON l.order_id = o.id"),
                unordered("right join", "SELECT o.id, l.id AS line FROM line_items l RIGHT JOIN orders o ON l.order_id = o.id WHERE o.id < 300"),
                unordered("full join", "SELECT l.order_id, p.id FROM line_items l FULL JOIN payments p ON p.id = l.order_id"),
                unordered("anti join with NOT EXISTS", "SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM line_items l WHERE l.order_id = o.id)"),
                unordered("anti join with LEFT JOIN … IS NULL", "SELECT o.id FROM orders o LEFT JOIN line_items l ON l.order_id = o.id WHERE l.id IS NULL"),
                unordered("join then group", "SELECT l.sku, count(*), sum(o.total), sum(l.qty) FROM " + LINES + " GROUP BY l.sku"),
                unordered("three tables", "SELECT c.country, count(*) FROM " + LINES + " JOIN customers c ON c.id = o.customer_id GROUP BY c.country"),
                ordered("join on an inequality", "SELECT count(*) FROM ledger a JOIN ledger b ON a.amount < b.amount"),
                unordered("self join off the key", "SELECT a.status, count(*) FROM orders a JOIN orders b ON b.id = a.id + 1 GROUP BY a.status"),
                unordered("join with a reference table and a sharded one", "SELECT s.label, count(*) FROM " + LINES
                        + " JOIN statuses s ON s.code = o.status GROUP BY s.label"),
                unordered("count distinct over a join", "SELECT o.status, count(DISTINCT l.sku) FROM " + LINES + " GROUP BY o.status"),
                unordered("window over a join", "SELECT o.id, l.id AS line, sum(l.qty) OVER (PARTITION BY o.id) AS per_order FROM " + LINES),
                unordered("EXISTS against a sharded table from a reference table", "SELECT code FROM countries c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.country = c.code)"),
                unordered("min and max of text over a join", "SELECT o.status, max(l.sku), min(l.sku) FROM " + LINES + " GROUP BY o.status"),
                ordered("top groups of a join", "SELECT l.sku, sum(o.total) AS value FROM " + LINES + " GROUP BY l.sku ORDER BY value DESC NULLS LAST, l.sku LIMIT 5"),
                // subqueries
                ordered("scalar subquery in WHERE", "SELECT id, total FROM orders WHERE total > (SELECT min(total) FROM orders) * 40 ORDER BY id"),
                unordered("IN subquery", "SELECT id FROM customers WHERE id IN (SELECT customer_id FROM payments WHERE amount > 150)"),
                unordered("NOT IN subquery", "SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)"),
                unordered("EXISTS subquery", "SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM line_items l WHERE l.order_id = c.id)"),
                unordered("correlated count in the select list", "SELECT c.id, (SELECT count(*) FROM payments p WHERE p.customer_id = c.id) AS n FROM customers c"),
                ordered("scalar max in the select list", "SELECT id, total, (SELECT max(total) FROM orders) AS top FROM orders WHERE id < 20 ORDER BY id"),
                ordered("aggregate of an aggregate", "SELECT max(n), min(n), count(*) FROM (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) t"),
                ordered("derived table with LIMIT", "SELECT count(*) FROM (SELECT id FROM orders ORDER BY id LIMIT 2) x"),
                ordered("derived table with LIMIT and OFFSET", "SELECT sum(total) FROM (SELECT total FROM orders ORDER BY id LIMIT 10 OFFSET 5) x"),
                ordered("HAVING with a subquery", "SELECT customer_id, count(*) FROM orders GROUP BY customer_id HAVING count(*) > (SELECT count(*) / 100 FROM orders)"
                        + " ORDER BY customer_id"),
                ordered("FETCH FIRST", "SELECT id, total FROM orders ORDER BY total DESC NULLS LAST, id FETCH FIRST 5 ROWS ONLY"),
                // set operations
                unordered("UNION", "SELECT customer_id FROM orders UNION SELECT customer_id FROM payments"),
                unordered("UNION ALL", "SELECT status FROM orders WHERE id < 50 UNION ALL SELECT code FROM statuses"),
                unordered("INTERSECT", "SELECT customer_id FROM orders INTERSECT SELECT customer_id FROM payments"),
                unordered("EXCEPT", "SELECT id FROM customers EXCEPT SELECT customer_id FROM orders"),
                ordered("UNION with ORDER BY and LIMIT", "SELECT id FROM orders UNION SELECT id FROM payments ORDER BY 1 DESC LIMIT 10"),
                // window functions
                ordered("row_number partitioned", "SELECT id, customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY id) AS rn FROM orders ORDER BY id"),
                keyOrdered("rank with ties", "SELECT id, total, rank() OVER (ORDER BY total DESC) AS r FROM orders WHERE total IS NOT NULL ORDER BY r", 1, 2),
                keyOrdered("dense_rank", "SELECT id, status, dense_rank() OVER (ORDER BY status NULLS FIRST) AS r FROM orders ORDER BY r", 1, 2),
                ordered("running sum", "SELECT id, sum(total) OVER (PARTITION BY customer_id ORDER BY id) AS running FROM orders ORDER BY id"),
                ordered("moving frame", "SELECT id, sum(qty) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving FROM line_items ORDER BY id"),
                ordered("lag and lead", "SELECT id, lag(total) OVER (ORDER BY id) AS prev, lead(total, 2) OVER (ORDER BY id) AS next2 FROM orders ORDER BY id"),
                ordered("count over a partition", "SELECT id, count(*) OVER (PARTITION BY status) AS n FROM orders ORDER BY id"),
                ordered("first_value", "SELECT id, first_value(id) OVER (PARTITION BY customer_id ORDER BY total DESC NULLS LAST, id) AS top FROM orders ORDER BY id"),
                ordered("ntile", "SELECT id, ntile(4) OVER (ORDER BY id) AS quarter FROM payments ORDER BY id"),
                ordered("top per group", "SELECT customer_id, id FROM (SELECT customer_id, id, row_number() OVER (PARTITION BY customer_id ORDER BY total DESC NULLS LAST, id) AS rn"
                        + " FROM orders) t WHERE rn = 1 ORDER BY customer_id"),
                // CTEs
                ordered("aggregating CTE", "WITH t AS (SELECT customer_id, sum(total) AS s FROM orders GROUP BY customer_id) SELECT count(*) FROM t WHERE s > 500"),
                unordered("CTE joined to a table", "WITH big AS (SELECT order_id, sum(qty) AS q FROM line_items GROUP BY order_id)"
                        + " SELECT o.status, max(b.q), count(*) FROM orders o JOIN big b ON b.order_id = o.id GROUP BY o.status"),
                unordered("two CTEs", "WITH a AS (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id), b AS (SELECT customer_id, sum(amount) AS paid"
                        + " FROM payments GROUP BY customer_id) SELECT a.customer_id, a.n, b.paid FROM a JOIN b ON a.customer_id = b.customer_id"),
                // aggregates the merge cannot combine
                unordered("count FILTER", "SELECT status, count(*) FILTER (WHERE total > 100) AS big FROM orders GROUP BY status"),
                unordered("sum FILTER", "SELECT country, sum(total) FILTER (WHERE quantity > 3) AS s FROM orders GROUP BY country"),
                unordered("string_agg ordered", "SELECT customer_id, string_agg(sku, ',' ORDER BY sku, l.id) AS skus FROM " + LINES + " GROUP BY customer_id"),
                                                unordered("bool_and and bool_or", "SELECT status, bool_and(total > 10) AS a, bool_or(quantity > 8) AS o FROM orders GROUP BY status"),
                                                                                                // NULLs, ties, numerics, text, PostgreSQL syntax
                ordered("NULLS FIRST with ties", "SELECT o.id, o.total, l.id AS line FROM " + LINES + " ORDER BY o.total NULLS FIRST, o.id, l.id"),
                ordered("NULLS LAST descending", "SELECT o.id, o.quantity FROM " + LINES + " ORDER BY o.quantity DESC NULLS LAST, o.id, l.id LIMIT 40"),
                unordered("COALESCE over an outer join", "SELECT o.id, coalesce(l.qty, 0) AS q FROM orders o LEFT JOIN line_items l ON l.order_id = o.id"),
                unordered("integer division", "SELECT l.qty / 2 AS half, count(*) FROM " + LINES + " GROUP BY l.qty / 2"),
                unordered("numeric times integer", "SELECT o.status, sum(o.total * l.qty) AS value FROM " + LINES + " GROUP BY o.status"),
                unordered(":: casts and ||", "SELECT o.id::text || '-' || l.sku AS tag FROM " + LINES + " WHERE o.id < 100"),
                unordered("ILIKE", "SELECT c.id FROM customers c WHERE c.name ILIKE 'CUSTOMER-1%' AND EXISTS (SELECT 1 FROM payments p WHERE p.id = c.id)"),
                unordered("Unicode text", "SELECT 'Zoë ✓ 配達 ' || c.name AS n FROM customers c WHERE c.id IN (SELECT order_id FROM line_items)"),
                unordered("CASE over a join", "SELECT o.id, CASE WHEN o.total > 250 THEN 'big' WHEN o.total IS NULL THEN 'none' ELSE 'small' END AS size FROM "
                        + LINES),
                ordered("LIMIT and OFFSET over a join", "SELECT o.id, l.id AS line FROM " + LINES + " ORDER BY o.id, l.id LIMIT 7 OFFSET 3"),
                unordered("BETWEEN and IN over a join", "SELECT o.id, l.sku FROM " + LINES + " WHERE o.total BETWEEN 100 AND 200 AND l.sku IN ('sku-1', 'sku-2')"),
                unordered("reference table outer join", "SELECT c.code, count(o.id) FROM countries c LEFT JOIN orders o ON o.country = c.code GROUP BY c.code"),
                // PostgreSQL's numeric arithmetic: AVG, division, SUM of bigint, the variance family
                unordered("avg of integers, bigints and numerics", "SELECT o.status, avg(l.qty) AS q, avg(o.total) AS t, avg(o.id) AS i FROM " + LINES
                        + " GROUP BY o.status"),
                unordered("sum of bigints is numeric", "SELECT o.status, sum(l.id) AS ids, sum(o.customer_id) AS customers FROM " + LINES + " GROUP BY o.status"),
                unordered("sum of a summed integer", "SELECT o.status, sum(b.q) FROM orders o JOIN (SELECT order_id, sum(qty) AS q FROM line_items GROUP BY order_id) b"
                        + " ON b.order_id = o.id GROUP BY o.status"),
                unordered("numeric division", "SELECT o.id, l.id AS line, o.total / l.qty AS each, o.total / 7 AS sevenths, l.qty / 3.0 AS thirds FROM " + LINES),
                unordered("avg in windows", "SELECT id, avg(quantity) OVER (PARTITION BY customer_id) AS a, avg(total) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING"
                        + " AND CURRENT ROW) AS m, sum(id) OVER (ORDER BY id) AS s FROM orders"),
                unordered("avg with FILTER and DISTINCT", "SELECT status, avg(total) FILTER (WHERE quantity > 3) AS a, avg(DISTINCT quantity) AS d FROM orders"
                        + " GROUP BY status"),
                unordered("stddev and variance of numerics and integers", "SELECT status, stddev_samp(total), stddev_pop(total), var_samp(quantity),"
                        + " var_pop(quantity), variance(total), stddev(quantity) FROM orders GROUP BY status"),
                unordered("variance over a join", "SELECT country, var_pop(amount) FROM payments p JOIN customers c ON c.id = p.id GROUP BY country"),
                unordered("stddev of one row and of none", "SELECT customer_id, stddev_samp(total) AS s, var_pop(total) AS v FROM orders WHERE id < 60"
                        + " GROUP BY customer_id"),
                unordered("stddev with FILTER", "SELECT status, stddev(quantity) FILTER (WHERE total > 100) AS s FROM orders GROUP BY status"),
                // ordered-set aggregates
                ordered("percentile_cont", "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS median, percentile_cont(0.9) WITHIN GROUP"
                        + " (ORDER BY quantity DESC) AS p90 FROM orders"),
                unordered("percentile_cont per group", "SELECT status, percentile_cont(0.25) WITHIN GROUP (ORDER BY total) FROM orders GROUP BY status"),
                // grouping sets
                unordered("ROLLUP", "SELECT status, country, count(*), sum(total) FROM orders GROUP BY ROLLUP (status, country)"),
                unordered("CUBE", "SELECT status, quantity, count(*), avg(total) FROM orders WHERE id < 200 GROUP BY CUBE (status, quantity)"),
                unordered("GROUPING SETS", "SELECT status, country, count(*) FROM orders GROUP BY GROUPING SETS ((status), (country), ())"),
                unordered("ROLLUP over a join", "SELECT o.status, l.sku, sum(l.qty) FROM " + LINES + " GROUP BY ROLLUP (o.status, l.sku)"),
                unordered("GROUPING() labels the subtotals", "SELECT o.status, l.sku, grouping(o.status) AS gs, grouping(o.status, l.sku) AS both_keys,"
                        + " CASE WHEN grouping(l.sku) = 1 THEN 'all' ELSE l.sku END AS label, sum(l.qty) FROM " + LINES + " GROUP BY ROLLUP (o.status, l.sku)"),
                unordered("GROUPING() of a plain GROUP BY", "SELECT status, grouping(status), count(*) FROM orders o WHERE EXISTS (SELECT 1 FROM"
                        + " line_items l WHERE l.order_id = o.id) GROUP BY status"),
                ordered("ROLLUP in order", "SELECT status, count(*) FROM orders GROUP BY ROLLUP (status) ORDER BY status NULLS FIRST, 2"),
                // DISTINCT ON
                ordered("DISTINCT ON", "SELECT DISTINCT ON (customer_id) customer_id, id, total FROM orders ORDER BY customer_id, total DESC NULLS LAST, id"),
                ordered("DISTINCT ON with a star and LIMIT", "SELECT DISTINCT ON (status) * FROM orders ORDER BY status NULLS FIRST, id LIMIT 5"),
                ordered("DISTINCT ON by position over a join", "SELECT DISTINCT ON (1) o.status, l.sku, l.qty FROM " + LINES
                        + " ORDER BY 1, l.qty DESC, l.sku, l.id"),
                unordered("DISTINCT ON in a derived table", "SELECT count(*), sum(t.total) FROM (SELECT DISTINCT ON (customer_id) customer_id, total"
                        + " FROM orders ORDER BY customer_id, total DESC NULLS LAST, id) t"),
                unordered("DISTINCT ON in a CTE joined", "WITH latest AS (SELECT DISTINCT ON (l.order_id) l.order_id, l.sku FROM line_items l"
                        + " ORDER BY l.order_id, l.id DESC) SELECT o.status, count(*) FROM latest JOIN orders o ON o.id = latest.order_id GROUP BY o.status"),
                ordered("DISTINCT ON an alias", "SELECT DISTINCT ON (c) country AS c, id FROM orders ORDER BY c NULLS FIRST, id DESC"),
                // GROUP BY a CASE
                unordered("GROUP BY the alias of a CASE", "SELECT CASE WHEN o.total > 250 THEN 'big' WHEN o.total IS NULL THEN 'none' ELSE 'small' END AS size,"
                        + " count(*) FROM " + LINES + " GROUP BY size"),
                unordered("GROUP BY the position of a CASE", "SELECT CASE WHEN l.qty > 2 THEN 'many' ELSE 'few' END, sum(o.total) FROM " + LINES + " GROUP BY 1"),
                unordered("GROUP BY a CASE written out", "SELECT CASE WHEN l.qty > 2 THEN 'many' END AS m, count(*) FROM " + LINES
                        + " GROUP BY CASE WHEN l.qty > 2 THEN 'many' END"),
                // the user's dialect: arrays, timestamps in conditions
                unordered("array_agg ordered", "SELECT e.kind, array_agg(e.customer_id ORDER BY e.customer_id, e.id) AS customers FROM events e WHERE e.id IN (SELECT id FROM customers)"
                        + " GROUP BY e.kind"),
                unordered("array_agg of text and of coalesce", "SELECT c.country, array_agg(coalesce(e.kind, 'none') ORDER BY e.id DESC) AS kinds,"
                        + " array_agg(c.name ORDER BY c.name, e.id) AS names FROM events e JOIN customers c ON c.id = e.id GROUP BY c.country"),
                unordered("array_agg keeps the NULLs of a nullable column, in order", "SELECT e.kind, array_agg(CASE WHEN e.amount > 500 THEN e.id END ORDER BY e.id) AS big,"
                        + " array_agg(e.kind ORDER BY e.id DESC) AS kinds FROM events e JOIN customers c ON c.id = e.id GROUP BY e.kind"),
                unordered("array_agg of nullable text without an order, over one row per group", "SELECT c.id, array_agg(c.country) FROM customers c"
                        + " JOIN orders o ON o.id = c.id GROUP BY c.id"),
                unordered("percentile_disc", "SELECT status, percentile_disc(0.5) WITHIN GROUP (ORDER BY total) AS median,"
                        + " percentile_disc(0.9) WITHIN GROUP (ORDER BY quantity DESC) AS p90, percentile_disc(0) WITHIN GROUP (ORDER BY id) AS first_id FROM orders GROUP BY status"),
                unordered("mode with ties", "SELECT country, mode() WITHIN GROUP (ORDER BY status) AS usual, mode() WITHIN GROUP (ORDER BY quantity DESC) AS q"
                        + " FROM orders GROUP BY country"),
                unordered("->> in the select list over a join", "SELECT e.id, e.payload ->> 'sku' AS sku, e.payload->>'note' AS note FROM events e"
                        + " JOIN customers c ON c.id = e.id"),
                unordered("->> of numbers, unnamed", "SELECT e.id, e.payload ->> 'qty' FROM events e WHERE e.id IN (SELECT id FROM customers)"),
                unordered("-> of members and elements, chained into ->>", "SELECT e.id, e.payload -> 'sku' AS sku_json, e.payload -> 'qty' AS qty_json,"
                        + " e.payload -> 'missing' -> 'deeper' AS nothing, e.payload -> 'sku' ->> 0 AS first FROM events e JOIN customers c ON c.id = e.id"),
                unordered("GROUP BY ->>", "SELECT e.payload ->> 'tag' AS tag, count(*) FROM events e JOIN customers c ON c.id = e.id GROUP BY 1"),
                unordered("->> in WHERE runs on the shards", "SELECT e.id, c.name FROM events e JOIN customers c ON c.id = e.id WHERE e.payload ->> 'sku' = 'sku-3'"),
                unordered("timestamptz compared in WHERE", "SELECT e.kind, count(*), sum(e.amount) FROM events e WHERE e.id IN (SELECT id FROM customers)"
                        + " AND e.at >= '2026-02-01' GROUP BY e.kind"));
    }
}
