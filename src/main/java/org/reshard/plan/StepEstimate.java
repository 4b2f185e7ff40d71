package org.reshard.plan;

/** Rows and bytes a step is expected to move, and how the numbers were obtained. */
public record StepEstimate(long rows, long bytes, EstimateMethod method) {
}
