package org.reshard.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reshard.cdc.CaptureDecision;
import org.reshard.cdc.CaptureProbe;
import org.reshard.cdc.CaptureSetting;
import org.reshard.common.ErrorText;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;

/**
 * Which change capture each source shard of a plan would use, and why: pre-flight's own decision
 * ({@link CaptureProbe}), asked ahead of the run so the plan can say it.
 *
 * @param setting the operator's {@code --capture}
 * @param sources per source shard, in plan order, the decision (a {@link CaptureDecision#problem()} when it cannot run)
 */
public record CapturePreview(CaptureSetting setting, Map<String, CaptureDecision> sources) {

    public CapturePreview {
        sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** Asks every source shard of the plan, one connection each. */
    public static CapturePreview of(ReshardingPlan plan, CaptureSetting setting) {
        List<String> sources = plan.steps().stream().map(PlanStep::sourceShard).distinct().toList();
        Map<String, CaptureDecision> decisions = new LinkedHashMap<>();
        try (ShardPools pools = new ShardPools(plan.from().shards().stream().filter(s -> sources.contains(s.id())).toList())) {
            for (String source : sources) {
                decisions.put(source, decide(pools, source, setting, plan.tables()));
            }
        }
        return new CapturePreview(setting, decisions);
    }

    private static CaptureDecision decide(ShardPools pools, String source, CaptureSetting setting, List<String> tables) {
        return switch (pools.connect(source)) {
            case Result.Ok<Connection> ok -> {
                try (Connection c = ok.value()) {
                    yield CaptureProbe.decide(c, pools.dialect(source), setting, tables);
                } catch (SQLException e) {
                    yield CaptureDecision.refused("could not check change capture: " + ErrorText.of(e));
                }
            }
            // Pre-flight could not decide either, so the run could not start: a problem, not a quiet fallback.
            case Result.Failure<Connection> failure -> CaptureDecision.refused("could not check change capture: " + failure.error().message());
        };
    }

    /** One line per source that cannot use the capture asked for, naming the shard; empty when the run can start. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        sources.forEach((source, decision) -> {
            if (decision.refused()) {
                problems.add("shard " + source + ": " + decision.problem());
            }
        });
        return problems;
    }
}
