package org.reshard.ui.run;

import org.reshard.state.ReshardingState;

/** The Run screen's outcome line after a switch back: which topology serves again, and what the operator can do next. */
final class SwitchedBack {

    private SwitchedBack() {
    }

    static String text(ReshardingState state) {
        String old = state.plan().path("from").path("name").asText();
        String version = state.publishedVersions().isEmpty() ? "" : " (registry version " + state.publishedVersions().getLast() + ")";
        return "Switched back: " + old + " serves again" + version + ". Resume switches forward through the cutover gate;"
                + " Roll back undoes the operation.";
    }
}
