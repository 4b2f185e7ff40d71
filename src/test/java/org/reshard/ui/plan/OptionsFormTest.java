package org.reshard.ui.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reshard.cdc.CaptureSetting;
import org.reshard.workflow.ReshardingOptions;

/** The options form's validation, one rule per test; no window and no workspace needed. */
class OptionsFormTest {

    private final OptionsForm form = new OptionsForm();

    @Test
    void theDefaultsAreValidAndBuildTheDefaultOptions() {
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.build()).isEqualTo(ReshardingOptions.DEFAULTS);
    }

    @Test
    void batchSizeMustBeAWholeNumber() {
        form.batchSizeProperty().set("ten");
        assertThat(form.batchSizeErrorProperty().get()).isEqualTo("a whole number of rows, e.g. 10000");
        assertThat(form.validProperty().get()).isFalse();
    }

    @Test
    void batchSizeMustBeAtLeastOne() {
        form.batchSizeProperty().set("0");
        assertThat(form.batchSizeErrorProperty().get()).isEqualTo("at least 1 row per batch");
    }

    @Test
    void batchSizeMayBeWrittenWithSeparators() {
        form.batchSizeProperty().set("10,000");
        assertThat(form.batchSizeErrorProperty().get()).isEmpty();
        assertThat(form.build().batchSize()).isEqualTo(10_000);
    }

    @Test
    void batchSizeOverAMillionIsAFormError() {
        form.batchSizeProperty().set("1000001");
        assertThat(form.formErrorProperty().get()).startsWith("batch size must be between 1 and");
        assertThat(form.validProperty().get()).isFalse();
    }

    @Test
    void aDurationNeedsAUnit() {
        form.lagThresholdProperty().set("5");
        assertThat(form.lagThresholdErrorProperty().get()).contains("needs a unit");
    }

    @Test
    void aDurationMustReadAsOne() {
        form.retentionProperty().set("soon");
        assertThat(form.retentionErrorProperty().get()).contains("is not a duration", "500ms, 5s, 10m or 24h");
    }

    @Test
    void theCutoverTimeoutMustBeMoreThanZero() {
        form.cutoverTimeoutProperty().set("0s");
        assertThat(form.cutoverTimeoutErrorProperty().get()).isEmpty();
        assertThat(form.formErrorProperty().get()).contains("cutover timeout must be more than 0");
        assertThat(form.validProperty().get()).isFalse();
    }

    @Test
    void theRetentionMayBeZero() {
        form.retentionProperty().set("0s");
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.build().retention()).isZero();
    }

    @Test
    void retryForIsTenMinutesByDefaultAndMayBeZero() {
        assertThat(form.retryForProperty().get()).isEqualTo("10m");
        form.retryForProperty().set("0s");
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.build().retryFor()).isZero();
        form.retryForProperty().set("90s");
        assertThat(form.build()).isEqualTo(ReshardingOptions.DEFAULTS.withRetryFor(Duration.ofSeconds(90)));
    }

    @Test
    void retryForMustReadAsADuration() {
        form.retryForProperty().set("-1m");
        assertThat(form.retryForErrorProperty().get()).isEqualTo("'-1m' is not a duration; write e.g. 500ms, 5s, 10m or 24h");
        assertThat(form.validProperty().get()).isFalse();
    }

    @Test
    void fixingTheFieldMakesTheFormValidAgain() {
        form.lagThresholdProperty().set("5");
        form.lagThresholdProperty().set("500ms");
        assertThat(form.lagThresholdErrorProperty().get()).isEmpty();
        assertThat(form.validProperty().get()).isTrue();
    }

    @Test
    void theExplanationIsEmptyWhileTheFormIsInvalid() {
        form.cutoverTimeoutProperty().set("20s");
        form.retentionProperty().set("2h");
        assertThat(form.explanationProperty().get()).isEqualTo("Writes pause for at most 20s; moved rows stay on the sources for 2h after cutover.");
        form.batchSizeProperty().set("");
        assertThat(form.explanationProperty().get()).isEmpty();
    }

    @Test
    void theCaptureChoiceGoesIntoTheOptions() {
        assertThat(form.captureProperty().get()).isEqualTo(CaptureSetting.AUTO);
        form.captureProperty().set(CaptureSetting.TRIGGERS);
        assertThat(form.build().capture()).isEqualTo(CaptureSetting.TRIGGERS);
    }
}
