package org.reshard.bench;

import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks of the hot paths (routing hash, ordered merge) and adds their scores to the summary table. */
public final class JmhRunner {

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 5);
        Options jmh = new OptionsBuilder()
                .include(RoutingHashJmh.class.getName())
                .include("org.reshard.query.OrderedMergeJmh")
                .forks(1)
                .warmupIterations(options.quick() ? 1 : 3)
                .warmupTime(TimeValue.seconds(options.quick() ? 1 : 2))
                .measurementIterations(options.quick() ? 2 : options.reps())
                .measurementTime(TimeValue.seconds(options.quick() ? 1 : 2))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .build();
        for (RunResult run : new Runner(jmh).run()) {
            String name = run.getParams().getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
            var score = run.getPrimaryResult();
            String ours = String.format(Locale.ROOT, "%,.1f %s", score.getScore(), score.getScoreUnit());
            String note = String.format(Locale.ROOT, "JMH, 1 fork, %d iterations, ± %.1f (99.9%%)", options.quick() ? 2 : options.reps(),
                    score.getScoreError());
            if (name.startsWith("OrderedMergeJmh")) {
                double rows = score.getScore() * 4 * 25_000;
                note += String.format(Locale.ROOT, "; 4 streams × 25,000 rows = %,.0f rows/s", rows);
            }
            new BenchResult("JMH " + name, ours, "—", Double.NaN, "report", null, note).report();
        }
    }
}
