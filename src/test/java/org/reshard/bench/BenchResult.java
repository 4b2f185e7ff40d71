package org.reshard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One line of the summary table: our figure, the baseline's from the same run, and whether the ratio
 * meets the target ({@code met} is null when the figure has no target and is only reported).
 *
 * @param ratio how our figure compares, oriented so that bigger is better for speeds and as stated in {@code target}
 */
public record BenchResult(String benchmark, String ours, String baseline, double ratio, String target, Boolean met, String note) {

    /** Where run.sh collects results: the file named by {@code -Dbench.results}, one tab-separated line each. */
    private static final String RESULTS = "bench.results";

    /** Prints the result and appends it to the results file, when one is set. */
    public void report() throws IOException {
        String ratioText = Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio);
        String metText = met == null ? "—" : met ? "yes" : "NO";
        String line = String.join("\t", benchmark, ours, baseline, ratioText, target, metText, note);
        System.out.println("RESULT\t" + line);
        String file = System.getProperty(RESULTS);
        if (file != null) {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s/s", perSecond, unit);
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f s", value);
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }
}
