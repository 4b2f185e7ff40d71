package org.reshard.ui.diff;

/** The three concentric rings of the diff drawing, from the outside in. */
public enum RingName {
    BEFORE("Before"),
    MOVES("Moving"),
    AFTER("After");

    private final String label;

    RingName(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
