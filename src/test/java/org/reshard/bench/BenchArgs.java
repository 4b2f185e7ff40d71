package org.reshard.bench;

/**
 * Command-line options every benchmark takes: {@code --quick} for smaller sizes (a smoke run, not a
 * figure to report) and {@code --reps N} for the number of repetitions the median is taken over.
 */
public record BenchArgs(boolean quick, int reps) {

    public static BenchArgs parse(String[] args, int defaultReps) {
        boolean quick = false;
        int reps = defaultReps;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --quick and --reps N");
            }
        }
        return new BenchArgs(quick, reps);
    }

    /** The size, or a tenth of it with {@code --quick}. */
    public long size(long full) {
        return quick ? Math.max(1, full / 10) : full;
    }

    public String sizeNote(long rows) {
        return String.format(java.util.Locale.ROOT, "%,d rows%s, median of %d", rows, quick ? " (--quick)" : "", reps);
    }
}
