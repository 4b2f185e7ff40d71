package org.reshard.ui.plan;

import java.time.Duration;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.reshard.cdc.CaptureSetting;
import org.reshard.common.Durations;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.VerificationMode;

/** The run options as text fields, each validated as it is typed with the message the CLI would give. */
public final class OptionsForm {

    private final StringProperty batchSize = new SimpleStringProperty();
    private final StringProperty lagThreshold = new SimpleStringProperty();
    private final ObjectProperty<VerificationMode> verification = new SimpleObjectProperty<>();
    private final StringProperty cutoverTimeout = new SimpleStringProperty();
    private final StringProperty retention = new SimpleStringProperty();
    private final StringProperty retryFor = new SimpleStringProperty();
    private final ObjectProperty<CaptureSetting> capture = new SimpleObjectProperty<>();
    private final StringProperty batchSizeError = new SimpleStringProperty("");
    private final StringProperty lagThresholdError = new SimpleStringProperty("");
    private final StringProperty cutoverTimeoutError = new SimpleStringProperty("");
    private final StringProperty retentionError = new SimpleStringProperty("");
    private final StringProperty retryForError = new SimpleStringProperty("");
    private final StringProperty formError = new SimpleStringProperty("");
    private final BooleanBinding valid;
    private final StringBinding explanation;

    public OptionsForm() {
        ReshardingOptions defaults = ReshardingOptions.DEFAULTS;
        batchSize.set(Integer.toString(defaults.batchSize()));
        lagThreshold.set(Durations.format(defaults.lagThreshold()));
        verification.set(defaults.verification());
        cutoverTimeout.set(Durations.format(defaults.cutoverTimeout()));
        retention.set(Durations.format(defaults.retention()));
        retryFor.set(Durations.format(defaults.retryFor()));
        capture.set(defaults.capture());
        batchSize.addListener((o, a, b) -> validate());
        lagThreshold.addListener((o, a, b) -> validate());
        cutoverTimeout.addListener((o, a, b) -> validate());
        retention.addListener((o, a, b) -> validate());
        retryFor.addListener((o, a, b) -> validate());
        verification.addListener((o, a, b) -> validate());
        valid = Bindings.createBooleanBinding(() -> batchSizeError.get().isEmpty() && lagThresholdError.get().isEmpty()
                        && cutoverTimeoutError.get().isEmpty() && retentionError.get().isEmpty() && retryForError.get().isEmpty()
                        && formError.get().isEmpty(),
                batchSizeError, lagThresholdError, cutoverTimeoutError, retentionError, retryForError, formError);
        explanation = Bindings.createStringBinding(() -> valid.get()
                ? explain(Durations.parse(cutoverTimeout.get()), Durations.parse(retention.get())) : "", valid, cutoverTimeout, retention);
    }

    private void validate() {
        batchSizeError.set(batchSizeProblem());
        lagThresholdError.set(durationProblem(lagThreshold.get()));
        cutoverTimeoutError.set(durationProblem(cutoverTimeout.get()));
        retentionError.set(durationProblem(retention.get()));
        retryForError.set(durationProblem(retryFor.get()));
        formError.set("");
        if (batchSizeError.get().isEmpty() && lagThresholdError.get().isEmpty() && cutoverTimeoutError.get().isEmpty()
                && retentionError.get().isEmpty() && retryForError.get().isEmpty()) {
            try {
                build();
            } catch (IllegalArgumentException e) {
                formError.set(e.getMessage());
            }
        }
    }

    private String batchSizeProblem() {
        try {
            int value = Integer.parseInt(batchSize.get().strip().replace(",", "").replace("_", ""));
            return value < 1 ? "at least 1 row per batch" : "";
        } catch (NumberFormatException e) {
            return "a whole number of rows, e.g. 10000";
        }
    }

    private static String durationProblem(String text) {
        try {
            Durations.parse(text);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The options; call only while {@link #validProperty()} is true. */
    public ReshardingOptions build() {
        return new ReshardingOptions(Integer.parseInt(batchSize.get().strip().replace(",", "").replace("_", "")),
                Durations.parse(lagThreshold.get()), verification.get(), Durations.parse(cutoverTimeout.get()),
                Durations.parse(retention.get()), Durations.parse(retryFor.get()), capture.get());
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public StringProperty batchSizeProperty() {
        return batchSize;
    }

    public StringProperty lagThresholdProperty() {
        return lagThreshold;
    }

    public ObjectProperty<VerificationMode> verificationProperty() {
        return verification;
    }

    public StringProperty cutoverTimeoutProperty() {
        return cutoverTimeout;
    }

    public StringProperty retentionProperty() {
        return retention;
    }

    /** How long a phase rides out a shard's transient fault before the operation fails ({@code --retry-for}); 0 fails at once. */
    public StringProperty retryForProperty() {
        return retryFor;
    }

    /** Change capture ({@code --capture}): logical decoding where a source allows it, or triggers or logical forced. */
    public ObjectProperty<CaptureSetting> captureProperty() {
        return capture;
    }

    public StringProperty batchSizeErrorProperty() {
        return batchSizeError;
    }

    public StringProperty lagThresholdErrorProperty() {
        return lagThresholdError;
    }

    public StringProperty cutoverTimeoutErrorProperty() {
        return cutoverTimeoutError;
    }

    public StringProperty retentionErrorProperty() {
        return retentionError;
    }

    public StringProperty retryForErrorProperty() {
        return retryForError;
    }

    public StringProperty formErrorProperty() {
        return formError;
    }

    /** Shown beside the form while it is valid: how long the cutover may take and how long moved rows stay; empty otherwise. */
    public StringBinding explanationProperty() {
        return explanation;
    }

    /** How long the cutover may take and how long moved rows stay, in words. */
    static String explain(Duration cutoverTimeout, Duration retention) {
        return "Writes pause for at most " + Durations.format(cutoverTimeout) + "; moved rows stay on the sources for "
                + Durations.format(retention) + " after cutover.";
    }
}
