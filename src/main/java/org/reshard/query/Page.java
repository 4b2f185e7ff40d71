package org.reshard.query;

/** One page of a result: page {@code number} (from 1) of {@code size} rows. */
public record Page(int number, int size) {

    public Page {
        if (number < 1) {
            throw new IllegalArgumentException("page numbers start at 1, got " + number);
        }
        if (size < 1) {
            throw new IllegalArgumentException("a page holds at least 1 row, got " + size);
        }
    }

    /** Rows before this page. */
    long skipped() {
        return (long) (number - 1) * size;
    }
}
