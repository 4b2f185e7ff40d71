package org.reshard.query;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;

/**
 * The shard key column types for which a literal equal to a stored value has the same text, so the literal's
 * hash finds the row's owner. Others (numeric, where 1.0 = 1; char(n), which pads; floats; dates) are not
 * pruned: there equality says nothing about the text that was hashed.
 */
enum KeyType {
    INTEGER, TEXT, UUID_TEXT;

    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,18}");

    /** The type behind a PostgreSQL {@code format_type} name, when its equality implies equal text. */
    static Optional<KeyType> ofPostgres(String formatType) {
        String type = formatType.toLowerCase(Locale.ROOT);
        return switch (type) {
            case "bigint", "integer", "smallint" -> Optional.of(INTEGER);
            case "text", "character varying" -> Optional.of(TEXT);
            case "uuid" -> Optional.of(UUID_TEXT);
            default -> type.startsWith("character varying(") ? Optional.of(TEXT) : Optional.empty();
        };
    }

    /**
     * The type behind a SQLite declared type, by SQLite's affinity rules: INTEGER affinity turns an equal
     * literal into the same integer, TEXT affinity into the same text.
     */
    static Optional<KeyType> ofSqlite(String declaredType) {
        String type = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
        if (type.contains("INT")) {
            return Optional.of(INTEGER);
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return Optional.of(TEXT);
        }
        return Optional.empty();
    }

    /** The text a stored value equal to the literal has, which the routing hash reads; empty when unsure. */
    Optional<String> keyText(Expression literal, boolean sqlite) {
        return switch (this) {
            case INTEGER -> switch (literal) {
                case LongValue value -> Optional.of(value.getStringValue()).filter(DIGITS.asPredicate()).map(KeyType::decimal);
                case SignedExpression signed when signed.getExpression() instanceof LongValue value ->
                        Optional.of("-" + value.getStringValue()).filter(DIGITS.asPredicate()).map(KeyType::decimal);
                case StringValue text -> Optional.of(text.getNotExcapedValue()).filter(s -> DIGITS.matcher(s).matches()).map(KeyType::decimal);
                default -> Optional.empty();
            };
            case TEXT -> switch (literal) {
                case StringValue text -> Optional.of(text.getNotExcapedValue());
                // SQLite gives the literal the column's TEXT affinity; PostgreSQL refuses text = integer.
                case LongValue value when sqlite && DIGITS.matcher(value.getStringValue()).matches() -> Optional.of(decimal(value.getStringValue()));
                default -> Optional.empty();
            };
            case UUID_TEXT -> literal instanceof StringValue text ? uuid(text.getNotExcapedValue()) : Optional.empty();
        };
    }

    private static String decimal(String digits) {
        return Long.toString(Long.parseLong(digits));
    }

    private static Optional<String> uuid(String text) {
        if (text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
