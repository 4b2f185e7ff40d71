package org.reshard.ui.diff;

/** The arc under the pointer and the ring it is on. */
public record ArcHit(RingName ring, ArcSpan arc) {
}
