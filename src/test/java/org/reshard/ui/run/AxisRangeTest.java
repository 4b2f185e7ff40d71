package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AxisRangeTest {

    @Test
    void boundsAreRoundedToStepsOfOneTwoOrFive() {
        assertThat(AxisRange.covering(1.2, 37.4, 6)).isEqualTo(new AxisRange(0, 40, 10));
        assertThat(AxisRange.covering(0, 512_345, 4)).isEqualTo(new AxisRange(0, 600_000, 200_000));
        assertThat(AxisRange.covering(0, 0.9, 4)).isEqualTo(new AxisRange(0, 1.0, 0.5));
    }

    @Test
    void aRangeStaysPutWhileNewSamplesFitInIt() {
        assertThat(AxisRange.covering(1.0, 21.0, 6)).isEqualTo(AxisRange.covering(1.0, 24.0, 6)).isEqualTo(new AxisRange(0, 25, 5));
        assertThat(AxisRange.covering(0, 310_000, 4)).isEqualTo(AxisRange.covering(0, 390_000, 4));
    }

    @Test
    void aSinglePointOrFlatLineStillGetsASpan() {
        AxisRange flat = AxisRange.covering(0, 0, 4);
        assertThat(flat.upper()).isGreaterThan(flat.lower());
        AxisRange one = AxisRange.covering(5, 5, 6);
        assertThat(one.lower()).isLessThanOrEqualTo(5);
        assertThat(one.upper()).isGreaterThan(5);
    }
}
