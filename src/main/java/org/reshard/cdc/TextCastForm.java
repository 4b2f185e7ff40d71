package org.reshard.cdc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a value's output text, which pgoutput sends, into its {@code ::text} form, which the routing hash takes and
 * the applier reads rows as. The two differ only where PostgreSQL casts to text with a function of its own: char(n)
 * drops its padding, boolean spells itself out, inet shows its netmask. Either text reads back as the same value.
 */
enum TextCastForm {
    SAME,
    UNPADDED,
    SPELLED_OUT,
    WITH_NETMASK;

    /** The form of a type (a domain takes its base type's), by the base type's name in pg_type. */
    static TextCastForm ofBaseType(String typname) {
        return switch (typname) {
            case "bpchar" -> UNPADDED;
            case "bool" -> SPELLED_OUT;
            case "inet" -> WITH_NETMASK;
            default -> SAME;
        };
    }

    String of(String output) {
        if (output == null) {
            return null;
        }
        return switch (this) {
            case SAME -> output;
            case UNPADDED -> {
                int end = output.length();
                while (end > 0 && output.charAt(end - 1) == ' ') {
                    end--;
                }
                yield output.substring(0, end);
            }
            case SPELLED_OUT -> output.equals("t") ? "true" : output.equals("f") ? "false" : output;
            case WITH_NETMASK -> output.indexOf('/') >= 0 ? output : output + (output.indexOf(':') >= 0 ? "/128" : "/32");
        };
    }

    /** The forms of these types on the source, following domains to their base types. */
    static Map<Integer, TextCastForm> ofTypes(Connection source, Collection<Integer> typeOids) throws SQLException {
        Map<Integer, TextCastForm> forms = new HashMap<>();
        Array oids = source.createArrayOf("int4", typeOids.toArray());
        try (PreparedStatement s = source.prepareStatement("""
                WITH RECURSIVE t(oid, base) AS (
                  SELECT o::oid, o::oid FROM unnest(?::int4[]) o
                  UNION ALL SELECT t.oid, p.typbasetype FROM t JOIN pg_type p ON p.oid = t.base WHERE p.typtype = 'd')
                SELECT t.oid::int4, p.typname FROM t JOIN pg_type p ON p.oid = t.base WHERE p.typtype <> 'd'""")) {
            s.setArray(1, oids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    forms.put(r.getInt(1), ofBaseType(r.getString(2)));
                }
            }
        }
        return forms;
    }
}
