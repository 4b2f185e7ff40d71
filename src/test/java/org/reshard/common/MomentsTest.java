package org.reshard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Times and durations as the operator reads them, instead of ISO instants with nanoseconds. */
class MomentsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-12-07T22:22:48.998427079Z");

    @Test
    void aRetentionEndTomorrowReadsAsLocalTimeAndHowLongIsLeft() {
        assertThat(Moments.relative(NOW.plus(Duration.ofHours(24)), NOW, BERLIN)).isEqualTo("tomorrow 23:22, in 1 d");
        assertThat(Moments.relative(NOW.plus(Duration.ofMinutes(23 * 60 + 59)), NOW, BERLIN)).isEqualTo("tomorrow 23:21, in 23 h 59 min");
        assertThat(Moments.relative(NOW.plusSeconds(300), NOW, BERLIN)).isEqualTo("today 23:27, in 5 min");
        assertThat(Moments.relative(NOW.minusSeconds(90), NOW, BERLIN)).isEqualTo("today 23:21, 1 min 30 s ago");
        assertThat(Moments.relative(NOW.plus(Duration.ofDays(3)), NOW, BERLIN)).isEqualTo("2026-12-10 23:22, in 3 d");
        assertThat(Moments.local(NOW.minus(Duration.ofDays(1)), NOW, BERLIN)).isEqualTo("yesterday 23:22");
        assertThat(Moments.relative(NOW.plusSeconds(60), NOW, BERLIN)).doesNotContain("T").doesNotContain("Z").doesNotContain(".998");
    }

    @Test
    void humanDurationsUseTheTwoLargestUnits() {
        assertThat(Durations.human(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Durations.human(Duration.ofMillis(12_400))).isEqualTo("12 s");
        assertThat(Durations.human(Duration.ofSeconds(252))).isEqualTo("4 min 12 s");
        assertThat(Durations.human(Duration.ofMinutes(60))).isEqualTo("1 h");
        assertThat(Durations.human(Duration.ofMinutes(26 * 60 + 5))).isEqualTo("1 d 2 h");
        assertThat(Durations.human(Duration.ofSeconds(-3))).isEqualTo("0 ms");
    }
}
