package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/** One copied batch: how many rows, and the primary key of the last one (the next batch starts after it). */
record CopiedBatch(int rows, JsonNode lastKey) {
}
