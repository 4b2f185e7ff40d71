package org.reshard.workflow;

/**
 * Named points in the workflow where the crash tests stop a child process before killing it with
 * SIGKILL. With {@code -Dreshard.test.haltAt=NAME} (or {@code NAME#N} for the N-th time) the process
 * prints {@code halted at NAME} and blocks; without the property, reaching a point costs one lookup.
 */
public final class FaultPoints {

    private static final String PROPERTY = "reshard.test.haltAt";
    private static final java.util.concurrent.ConcurrentHashMap<String, Integer> REACHED = new java.util.concurrent.ConcurrentHashMap<>();

    private FaultPoints() {
    }

    public static void reach(String point) {
        String haltAt = System.getProperty(PROPERTY);
        if (haltAt == null) {
            return;
        }
        String name = haltAt.contains("#") ? haltAt.substring(0, haltAt.indexOf('#')) : haltAt;
        if (!name.equals(point)) {
            return;
        }
        int times = haltAt.contains("#") ? Integer.parseInt(haltAt.substring(haltAt.indexOf('#') + 1)) : 1;
        if (REACHED.merge(point, 1, Integer::sum) < times) {
            return;
        }
        System.out.println("halted at " + haltAt);
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
