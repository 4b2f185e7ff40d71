package org.reshard.state;

import java.nio.file.Path;
import java.time.Instant;

/** Run in a child JVM by the state store tests: holds the store open, or saves states until it is killed. */
public final class StateStoreChild {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (SqliteStateStore store = SqliteStateStore.open(file).orElseThrow()) {
            switch (args[1]) {
                case "hold" -> {
                    System.out.println("locked");
                    Thread.sleep(120_000);
                }
                case "save" -> {
                    ReshardingState state = StateSamples.state("rs-crash", Instant.parse("2026-11-23T10:00:00Z"));
                    for (long batch = 1; ; batch++) {
                        state = state.edit().step(state.step(1).withCopied(batch * 1000, StateSamples.cursor(batch * 1000)))
                                .updatedAt(state.createdAt().plusMillis(batch)).build();
                        ReshardingStateStore.Durability durability = batch % 50 == 0
                                ? ReshardingStateStore.Durability.PHASE_TRANSITION : ReshardingStateStore.Durability.CHECKPOINT;
                        store.save(state, durability).orElseThrow();
                        System.out.println("saved " + batch);
                    }
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[1]);
            }
        }
    }
}
