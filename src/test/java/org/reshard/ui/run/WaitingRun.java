package org.reshard.ui.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.StoredError;
import org.reshard.state.Waiting;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingOptions;

/**
 * The demo's resharding in Copying, as the Run screen receives it while the engine waits for shard-1's file (locked by
 * another process) and after it answers again: for the waiting view test and the run-waiting screenshot.
 */
final class WaitingRun {

    static final String ID = "orders-v2-20261207-0333";

    private WaitingRun() {
    }

    /** Copying for a minute: step 1 (shard-0 → shard-1) at 41 %, step 2 (shard-1 → shard-2) at 63 %. */
    static ReshardingState copying(Instant now) {
        ObjectNode plan = JsonNodeFactory.instance.objectNode();
        ArrayNode steps = plan.putArray("steps");
        steps.addObject().put("index", 1).put("table", "orders").put("source", "shard-0").put("target", "shard-1").put("estimatedRows", 33_400);
        steps.addObject().put("index", 2).put("table", "orders").put("source", "shard-1").put("target", "shard-2").put("estimatedRows", 66_600);
        ReshardingState state = ReshardingState.start(ID, plan, ReshardingOptions.DEFAULTS.toJson(), 2, now.minusSeconds(62))
                .edit().advanceTo(ReshardingPhase.COPYING, now.minusSeconds(61)).build();
        return state.edit().step(state.step(1).withCopied(13_700, null)).step(state.step(2).withCopied(41_958, null)).build();
    }

    /** Shard-1's file is locked: the third retry comes in {@code retryIn} seconds, and the 10 minutes' budget runs out in 9 min 46 s. */
    static Waiting waiting(Instant now, int retryIn) {
        return new Waiting("shard-1", "demo/shard-1.db", "database file locked",
                new StoredError("reshard.shard.unreachable", "shard shard-1 (demo/shard-1.db) is unreachable: database is locked"),
                now.minusSeconds(14), now.plusSeconds(retryIn), 3, now.plusSeconds(586));
    }

    static OperationProgress whileWaiting(Instant now, int retryIn) {
        return OperationProgress.of(copying(now).edit().waiting(waiting(now, retryIn)).build(), "", 0);
    }

    static OperationProgress afterWaiting(Instant now) {
        return OperationProgress.of(copying(now), "", 0);
    }
}
