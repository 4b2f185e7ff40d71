package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * The column names PostgreSQL gives unnamed select-list items, which Calcite calls {@code EXPR$n}: a function's name
 * ({@code count}, {@code sum}, also under FILTER, WITHIN GROUP or OVER), a column's name (also under a cast), {@code case}
 * for CASE, {@code ?column?} for anything else. A set operation takes its first branch's names.
 */
final class PostgresColumnNames {

    private PostgresColumnNames() {
    }

    /** The name for each select-list item without an alias, by position; null where the statement names it (or it is a star). */
    static List<String> of(String sql, SqlParser.Config config) {
        try {
            SqlNode query = SqlParser.create(sql, config).parseQuery();
            SqlSelect select = firstSelect(query);
            if (select == null || select.getSelectList().stream().anyMatch(n -> n instanceof SqlIdentifier id && id.isStar())) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (SqlNode item : select.getSelectList()) {
                names.add(item.getKind() == SqlKind.AS ? null : name(item));
            }
            return names;
        } catch (SqlParseException e) {
            return List.of();
        }
    }

    private static SqlSelect firstSelect(SqlNode node) {
        return switch (node) {
            case SqlSelect select -> select;
            case SqlOrderBy orderBy -> firstSelect(orderBy.query);
            case SqlWith with -> firstSelect(with.body);
            case SqlBasicCall call when call.getKind() == SqlKind.UNION || call.getKind() == SqlKind.INTERSECT
                    || call.getKind() == SqlKind.EXCEPT -> firstSelect(call.operand(0));
            default -> null;
        };
    }

    private static String name(SqlNode item) {
        if (item instanceof SqlIdentifier id) {
            return id.names.getLast();
        }
        if (!(item instanceof SqlCall call)) {
            return "?column?";
        }
        return switch (call.getKind()) {
            case FILTER, WITHIN_GROUP, OVER, WITHIN_DISTINCT -> name(call.operand(0));
            case CAST -> call.operand(0) instanceof SqlIdentifier id ? id.names.getLast() : name(call.operand(1));
            case CASE -> "case";
            // reshard_json_text stands for the ->> operator, which PostgreSQL names ?column?.
            default -> call.getOperator() instanceof org.apache.calcite.sql.SqlFunction && !call.getOperator().getName().toLowerCase(Locale.ROOT)
                    .startsWith(JsonOperators.FUNCTION) ? call.getOperator().getName().toLowerCase(Locale.ROOT) : "?column?";
        };
    }
}
