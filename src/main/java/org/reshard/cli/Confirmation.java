package org.reshard.cli;

import java.io.PrintWriter;

/** Asks on a terminal before something that cannot be taken back; {@code --yes} and non-interactive use skip it. */
final class Confirmation {

    private Confirmation() {
    }

    /** True when the operator agreed (or was not asked); prints "Nothing was changed." otherwise. */
    static boolean confirmed(boolean yes, PrintWriter out, String question) {
        if (yes || System.console() == null) {
            return true;
        }
        out.print(question + " [y/N] ");
        out.flush();
        String answer = System.console().readLine();
        if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
            out.println("Nothing was changed.");
            out.flush();
            return false;
        }
        return true;
    }
}
