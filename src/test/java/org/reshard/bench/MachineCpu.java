package org.reshard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine spent working (every process: our JVM, the database servers, psql), read
 * from {@code /proc/stat}. On a shared 2-core host wall time swings with what else runs; CPU-seconds
 * per run say how much work each way of doing the same job costs, which swings far less.
 */
public final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");
    /** USER_HZ, the unit of /proc/stat, is 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private MachineCpu() {
    }

    /** A reading: busy seconds (user, nice, system, irq, softirq) and seconds stolen by the hypervisor, since boot. */
    public record Reading(double busy, double steal) {

        /** What was used between {@code earlier} and this reading. */
        public Reading since(Reading earlier) {
            return new Reading(busy - earlier.busy, steal - earlier.steal);
        }
    }

    /** Now; zeros where {@code /proc/stat} cannot be read (not Linux), so callers report "—" rather than fail. */
    public static Reading now() {
        try {
            for (String line : Files.readAllLines(STAT)) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                            + Long.parseLong(f[7]);
                    return new Reading(busy / TICKS_PER_SECOND, Long.parseLong(f[8]) / TICKS_PER_SECOND);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Reading(0, 0);
        }
        return new Reading(0, 0);
    }
}
