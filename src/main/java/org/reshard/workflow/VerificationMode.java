package org.reshard.workflow;

/** What verification compares per step: row counts, row checksums, or both. */
public enum VerificationMode {
    COUNT("count"),
    CHECKSUM("checksum"),
    COUNT_AND_CHECKSUM("count-and-checksum");

    private final String label;

    VerificationMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean counts() {
        return this != CHECKSUM;
    }

    public boolean checksums() {
        return this != COUNT;
    }

    public static VerificationMode fromLabel(String label) {
        for (VerificationMode mode : values()) {
            if (mode.label.equalsIgnoreCase(label) || mode.name().equalsIgnoreCase(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("verification mode must be count, checksum or count-and-checksum, was \"" + label + "\"");
    }
}
