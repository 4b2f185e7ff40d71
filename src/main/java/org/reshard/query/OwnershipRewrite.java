package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Puts the ownership filter into a SELECT: each sharded table becomes {@code (SELECT * FROM t WHERE <marker>) AS t},
 * so the filter applies wherever the table stands (the kept or the null side of an outer join alike) and the
 * database still pushes conditions and indexes through it. {@link ShardSql} fills the markers per shard.
 */
final class OwnershipRewrite {

    private static final String MARKER_PREFIX = "__reshard_owned_";

    private OwnershipRewrite() {
    }

    /** Rewrites {@code select} in place and returns the owned tables whose markers it now holds. */
    static List<ShardSql.OwnedTable> apply(PlainSelect select, QueryTables tables) {
        if (select.toString().toLowerCase(Locale.ROOT).contains(MARKER_PREFIX)) {
            throw new Refusal(QueryErrors.unsupported("the name " + MARKER_PREFIX + "…", "reshard uses it for its own markers", "rename it"));
        }
        List<ShardSql.OwnedTable> owned = new ArrayList<>();
        List<TableRef> refs = tables.refs();
        for (int i = 0; i < refs.size(); i++) {
            if (!(refs.get(i).role() instanceof TableRef.Sharded sharded)) {
                continue;
            }
            String marker = MARKER_PREFIX + (owned.size() + 1) + "__";
            FromItem filtered = filtered(refs.get(i), marker);
            if (i == 0) {
                select.setFromItem(filtered);
            } else {
                Join join = select.getJoins().get(i - 1);
                join.setRightItem(filtered);
            }
            owned.add(new ShardSql.OwnedTable(marker, sharded.spec().shardKey()));
        }
        return owned;
    }

    private static FromItem filtered(TableRef ref, String marker) {
        Select inner;
        try {
            inner = (Select) CCJSqlParserUtil.parse("SELECT * FROM " + ref.table().getFullyQualifiedName() + " WHERE " + marker);
        } catch (JSQLParserException e) {
            throw new IllegalStateException("reshard could not re-read the table name " + ref.table().getFullyQualifiedName(), e);
        }
        ParenthesedSelect derived = new ParenthesedSelect();
        derived.setSelect(inner);
        derived.setAlias(new Alias(ref.referenceName(), true));
        return derived;
    }
}
