package org.reshard.query;

import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;

/**
 * PostgreSQL's data-modifying WITH ({@code WITH d AS (DELETE … RETURNING id) SELECT count(*) FROM d}): a SELECT that
 * writes, so it is locked like any write and never federated.
 */
final class DataModifyingWith {

    private DataModifyingWith() {
    }

    /** "the DELETE in WITH d" for the first common table expression that deletes, updates or inserts, if there is one. */
    static Optional<String> of(Select select) {
        for (WithItem<?> item : select.getWithItemsList() == null ? List.<WithItem<?>>of() : select.getWithItemsList()) {
            String kind = switch (item.getParenthesedStatement()) {
                case ParenthesedDelete delete -> "DELETE";
                case ParenthesedUpdate update -> "UPDATE";
                case ParenthesedInsert insert -> "INSERT";
                default -> null;
            };
            if (kind != null) {
                return Optional.of("the " + kind + " in WITH " + item.getAliasName());
            }
        }
        return switch (select) {
            case ParenthesedSelect parenthesed -> of(parenthesed.getSelect());
            case SetOperationList operations -> operations.getSelects().stream().map(DataModifyingWith::of)
                    .flatMap(Optional::stream).findFirst();
            default -> Optional.empty();
        };
    }
}
