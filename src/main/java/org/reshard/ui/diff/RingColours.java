package org.reshard.ui.diff;

import javafx.scene.paint.Paint;

/** The theme colours the ring drawing needs besides the shards' own, taken from the stylesheet. */
public record RingColours(Paint track, Paint gap, Paint label, Paint hover) {
}
