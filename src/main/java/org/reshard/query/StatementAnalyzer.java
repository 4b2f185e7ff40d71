package org.reshard.query;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import org.reshard.common.Result;
import org.reshard.topology.Topology;

/**
 * Parses a statement with JSqlParser and decides how it runs across shards: merged exactly (rows or
 * aggregates, each sharded table read under the queried topology's ownership filter), raw per-shard rows
 * when asked, an unlocked write, or a refusal with {@code reshard.query.unsupported} naming the construct and why.
 */
final class StatementAnalyzer {

    private StatementAnalyzer() {
    }

    static Result<AnalyzedQuery> analyse(QueryRequest request, Semantics semantics, Topology topology) {
        try {
            return Result.ok(plan(request, semantics, topology));
        } catch (Refusal refusal) {
            return Result.failure(refusal.error());
        }
    }

    private static AnalyzedQuery plan(QueryRequest request, Semantics semantics, Topology topology) {
        String sql = withoutTrailingSemicolon(request.sql());
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            if (request.mode() == ResultMode.RAW) {
                // Raw mode runs the text unchanged; the database judges it, inside the read-only transaction.
                return AnalyzedQuery.unchanged(new QueryPlan.Raw(sql, RowWindow.ALL.page(request.page())));
            }
            throw new Refusal(QueryErrors.unsupported("this statement", "reshard cannot parse it to plan the merge ("
                    + firstLine(e) + ")", "check the syntax, or use --raw to run it unchanged on each shard"));
        }
        if (!(statement instanceof Select select)) {
            if (!request.allowWrites()) {
                throw new Refusal(QueryErrors.writeLocked(kind(statement, sql)));
            }
            return AnalyzedQuery.unchanged(new QueryPlan.Write(sql));
        }
        Optional<String> write = DataModifyingWith.of(select);
        if (write.isPresent() && !request.allowWrites()) {
            throw new Refusal(QueryErrors.writeLocked(write.get()));
        }
        if (request.mode() == ResultMode.RAW) {
            return AnalyzedQuery.unchanged(new QueryPlan.Raw(sql, RowWindow.ALL.page(request.page())));
        }
        return plan(select, request, semantics, topology);
    }

    private static AnalyzedQuery plan(Select select, QueryRequest request, Semantics semantics, Topology topology) {
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            throw refuse("WITH (a common table expression)", "each shard would evaluate it against its own rows only");
        }
        return switch (select) {
            case PlainSelect plain -> plainSelect(plain, request, semantics, topology);
            case SetOperationList operations -> throw refuse(operations.getOperations().getFirst().toString().toUpperCase(Locale.ROOT),
                    "reshard merges a single SELECT");
            case ParenthesedSelect parenthesed -> plan(parenthesed.getSelect(), request, semantics, topology);
            default -> throw refuse(select.getClass().getSimpleName().toUpperCase(Locale.ROOT), "reshard merges a single SELECT");
        };
    }

    private static AnalyzedQuery plainSelect(PlainSelect select, QueryRequest request, Semantics semantics, Topology topology) {
        checkClauses(select);
        QueryTables tables = FromTables.read(select, topology);
        List<KeyCondition> keys = ShardKeyConditions.of(select.getWhere(), tables);
        List<ShardSql.OwnedTable> owned = OwnershipRewrite.apply(select, tables);
        boolean aggregate = select.getGroupBy() != null || select.getHaving() != null
                || select.getSelectItems().stream().anyMatch(i -> ConstructScanner.containsAggregate(i.getExpression()))
                || orderBy(select).stream().anyMatch(o -> ConstructScanner.containsAggregate(o.getExpression()));
        QueryPlan plan = aggregate ? AggregatePlanner.plan(select, semantics, request.page()) : RowPlanner.plan(select, request.page());
        return new AnalyzedQuery(plan, tables, keys, owned);
    }

    private static void checkClauses(PlainSelect select) {
        if (select.getFromItem() == null) {
            throw new Refusal(QueryErrors.unsupported("a SELECT without FROM", "it reads no sharded table, so every shard would return the same row",
                    "use --raw to see each shard's answer"));
        }
        if (select.getFromItem() instanceof ParenthesedSelect subquery) {
            throw refuse("the subquery in FROM (" + subquery.getSelect() + ")", "each shard would evaluate it against its own rows only");
        }
        if (!(select.getFromItem() instanceof Table)) {
            throw refuse("FROM " + select.getFromItem(), "reshard merges queries over tables only");
        }
        for (Join join : select.getJoins() == null ? List.<Join>of() : select.getJoins()) {
            // A subquery in ON would, like one in WHERE, see only the shard's own rows.
            join.getOnExpressions().forEach(on -> ConstructScanner.check(on, false));
        }
        if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
            throw refuse("SELECT INTO", "it creates a table on every shard");
        }
        if (select.getForMode() != null) {
            throw refuse("FOR " + select.getForMode().getValue(), "row locks do not span shards and queries are read-only");
        }
        if (select.getFetch() != null) {
            throw new Refusal(QueryErrors.unsupported("FETCH FIRST", "reshard rewrites LIMIT only", "write LIMIT n instead"));
        }
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            throw refuse("DISTINCT ON", "the row kept per key depends on rows of every shard");
        }
        if (select.getWindowDefinitions() != null && !select.getWindowDefinitions().isEmpty() || select.getQualify() != null) {
            throw refuse("a WINDOW clause", "a window spans rows on other shards");
        }
        if (select.getLimitBy() != null) {
            throw refuse("LIMIT BY", "reshard rewrites plain LIMIT only");
        }
        if (select.getWhere() != null) {
            ConstructScanner.check(select.getWhere(), false);
        }
        for (SelectItem<?> item : select.getSelectItems()) {
            ConstructScanner.check(item.getExpression(), false);
        }
        if (select.getHaving() != null) {
            ConstructScanner.check(select.getHaving(), false);
        }
    }

    private static Refusal refuse(String construct, String why) {
        return new Refusal(QueryErrors.unsupported(construct, why, "rewrite the query, or use --raw for per-shard rows"));
    }

    private static List<OrderByElement> orderBy(PlainSelect select) {
        return select.getOrderByElements() == null ? List.of() : select.getOrderByElements();
    }

    private static String withoutTrailingSemicolon(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /** The statement's kind as the user would name it: {@code WITH … DELETE} is a DELETE, not a WITH. */
    private static String kind(Statement statement, String sql) {
        return switch (statement) {
            case net.sf.jsqlparser.statement.delete.Delete delete -> "DELETE";
            case net.sf.jsqlparser.statement.update.Update update -> "UPDATE";
            case net.sf.jsqlparser.statement.insert.Insert insert -> "INSERT";
            default -> firstWord(sql);
        };
    }

    private static String firstWord(String sql) {
        return sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    }

    private static String firstLine(JSQLParserException e) {
        Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? "syntax error" : cause.getMessage();
        return message.strip().lines().findFirst().orElse("syntax error").replace("net.sf.jsqlparser.parser.ParseException: ", "");
    }
}
