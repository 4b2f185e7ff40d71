package org.reshard.query;

import java.util.Objects;

/** One column of a query result: its name, the kind of its values and the database's type name. */
public record ResultColumn(String name, ValueType type, String databaseType) {

    public ResultColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(databaseType, "databaseType");
    }
}
