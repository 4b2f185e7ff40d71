package org.reshard.query;

import java.math.BigDecimal;

/**
 * {@link PgDateTime} as Calcite's user-defined functions over timestamps held as microseconds: NULL in, NULL out, as
 * PostgreSQL's functions are strict. Public for Calcite's generated code; {@link FederationCatalog} registers them.
 */
public final class PgDateTimeFunctions {

    static final String TRUNC = "reshard_dt_trunc";
    static final String EXTRACT = "reshard_dt_extract";
    static final String PLUS = "reshard_dt_plus";
    static final String TEXT = "reshard_dt_text";

    private PgDateTimeFunctions() {
    }

    /** date_trunc(field, value). */
    public static Long trunc(String field, Long value, Boolean zoned, String zone) {
        return field == null || value == null ? null : PgDateTime.dateTrunc(field, value, zoned, zone);
    }

    /** extract(field FROM value), a numeric as PostgreSQL 14 and later return it. */
    public static BigDecimal extract(String field, Long value, Boolean zoned, String zone) {
        return field == null || value == null ? null : PgDateTime.extract(field, value, zoned, zone);
    }

    /** value + sign × interval. */
    public static Long plus(Long value, String interval, Integer sign, Boolean zoned, String zone) {
        return value == null || interval == null ? null : PgDateTime.plusInterval(value, interval, sign, zoned, zone);
    }

    /** value::text. */
    public static String text(Long value, Boolean zoned, String zone) {
        return value == null ? null : PgDateTime.text(value, zoned, zone);
    }
}
