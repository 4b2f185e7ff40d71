package org.reshard.ui.diff;

import org.reshard.topology.HashRange;

/** A hash range drawn as an arc: degrees clockwise from 12 o'clock, where hash −2^63 sits. */
public sealed interface ArcSpan permits OwnerArc, MoveArc {

    HashRange range();

    double startDegrees();

    double sweepDegrees();

    default double endDegrees() {
        return startDegrees() + sweepDegrees();
    }

    default double centreDegrees() {
        return startDegrees() + sweepDegrees() / 2;
    }
}
