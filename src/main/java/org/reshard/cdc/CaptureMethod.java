package org.reshard.cdc;

/** How changes on a source are captured: triggers writing a changelog table, or PostgreSQL's write-ahead log. */
public enum CaptureMethod {
    TRIGGERS("triggers"),
    LOGICAL("logical");

    private final String label;

    CaptureMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static CaptureMethod fromLabel(String label) {
        for (CaptureMethod method : values()) {
            if (method.label.equals(label)) {
                return method;
            }
        }
        throw new IllegalArgumentException("capture must be triggers or logical, was " + label);
    }
}
