package org.reshard.cdc;

/** The operator's choice of capture ({@code --capture}): logical decoding where the source allows it, or one method forced. */
public enum CaptureSetting {
    AUTO("auto"),
    TRIGGERS("triggers"),
    LOGICAL("logical");

    private final String label;

    CaptureSetting(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static CaptureSetting fromLabel(String label) {
        for (CaptureSetting setting : values()) {
            if (setting.label.equalsIgnoreCase(label)) {
                return setting;
            }
        }
        throw new IllegalArgumentException("capture must be auto, triggers or logical, was " + label);
    }
}
