package org.reshard.state;

import java.util.List;
import org.reshard.common.Result;

/** Where operations are kept between runs, so an interrupted one can be resumed or rolled back. */
public interface ReshardingStateStore extends AutoCloseable {

    /** How hard a save must insist that the bytes reach the disk. */
    enum Durability {
        /** Phase transitions: fsync on commit, survives power loss. */
        PHASE_TRANSITION,
        /** Batch checkpoints: survives a process crash; after power loss a batch may be copied again, which is idempotent. */
        CHECKPOINT
    }

    /** Inserts or replaces the operation's state; fails with {@code reshard.state_store_failed}. */
    Result<ReshardingState> save(ReshardingState state, Durability durability);

    /** The operation, or {@code reshard.resharding_not_found}. */
    Result<ReshardingState> get(String id);

    /** Operations that are neither completed nor rolled back, oldest first. */
    Result<List<ReshardingState>> listActive();

    /** Every operation, newest first. */
    Result<List<ReshardingState>> list();

    /** Removes an operation's record; true when there was one. */
    Result<Boolean> delete(String id);

    @Override
    void close();
}
