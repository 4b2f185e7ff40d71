package org.reshard.shard;

import java.util.List;

/**
 * A foreign key read from a shard's catalog: the referencing (child) table and columns, the referenced
 * (parent) table and columns, position by position. Table names are as the topology spells them when
 * the table was among those asked about, otherwise as the database names it.
 */
public record ForeignKey(String name, String child, List<String> childColumns, String parent, List<String> parentColumns) {

    public ForeignKey {
        childColumns = List.copyOf(childColumns);
        parentColumns = List.copyOf(parentColumns);
    }

    /** The column of the parent that the child's column references, or null when the column is not part of the key. */
    public String parentColumnFor(String childColumn) {
        int at = childColumns.indexOf(childColumn);
        return at < 0 || at >= parentColumns.size() ? null : parentColumns.get(at);
    }

    public String describe() {
        return name + " (" + child + " (" + String.join(", ", childColumns) + ") → " + parent + " (" + String.join(", ", parentColumns) + "))";
    }
}
