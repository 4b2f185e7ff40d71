package org.reshard.bench;

import java.util.List;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.shard.PostgresDialect;

/** The baseline for PostgreSQL copies: {@code psql} binary COPY out of the source, piped into {@code psql} COPY in on the target. */
public final class PsqlPipe {

    private PsqlPipe() {
    }

    /** Seconds to move every step's hash slice, one pipe per step, into existing tables. */
    public static double move(ReshardingPlan plan, java.util.function.Function<String, String> databaseOf) throws Exception {
        long started = System.nanoTime();
        for (PlanStep step : plan.steps()) {
            String filter = PostgresDialect.multirange(step.ranges()).replace("'", "'\"'\"'");
            String command = "psql -h 127.0.0.1 -U postgres -d " + databaseOf.apply(step.sourceShard())
                    + " -qc '\\copy (SELECT * FROM orders WHERE " + filter + " @> hashtextextended(customer_id::text, 0))"
                    + " TO STDOUT (FORMAT binary)' | psql -h 127.0.0.1 -U postgres -d " + databaseOf.apply(step.targetShard())
                    + " -qc '\\copy orders FROM STDIN (FORMAT binary)'";
            Process p = new ProcessBuilder(List.of("bash", "-c", "set -o pipefail; " + command)).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the psql pipe failed: " + command);
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
