package org.reshard.state;

import java.util.List;

/** A step's verification outcome: counts and checksums on both sides and, on mismatch, the first differing keys. */
public record Verification(boolean matches, long sourceCount, long targetCount, String sourceChecksum,
                           String targetChecksum, List<String> differingKeys) {

    public Verification {
        differingKeys = differingKeys == null ? List.of() : List.copyOf(differingKeys);
    }
}
