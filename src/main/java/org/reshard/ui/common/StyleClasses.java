package org.reshard.ui.common;

import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.scene.Node;

/** Style classes set from Java, named once; the stylesheets in {@code css/} style them under these names. */
public final class StyleClasses {

    // Shared by several screens.
    public static final String CARD = "card";
    public static final String CARD_TITLE = "card-title";
    public static final String MUTED = "muted";
    public static final String SECTION_TITLE = "section-title";
    public static final String SUCCESS_ICON = "success-icon";
    public static final String DANGER_ICON = "danger-icon";
    public static final String MUTED_ICON = "muted-icon";
    public static final String ACCENT = "accent";
    public static final String DANGER = "danger";
    /** A text field whose value the view-model rejects. */
    public static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    // The window.
    public static final String NAV_BUTTON = "nav-button";

    // Start.
    public static final String RESUME_OPERATION = "resume-operation";
    public static final String WAITING_CARD = "waiting-card";
    public static final String INTERRUPTED_CARD = "interrupted-card";

    // Topologies.
    public static final String TOPOLOGY_PANE = "topology-pane";
    public static final String PROBLEMS = "problems";
    public static final String DROP_TARGET = "drop-target";

    // Run.
    public static final String PHASE_CHIP = "phase-chip";
    public static final String PHASE_NAME = "phase-name";
    public static final String PHASE_TIME = "phase-time";
    /** Prefix of a phase chip's state class: {@code phase-running}, {@code phase-done}, … */
    public static final String PHASE = "phase";
    /** What a waiting phase chip waits for, under its time. */
    public static final String PHASE_WAITING_FOR = "phase-waiting-for";
    /** Prefix of a step row's state class: {@code step-copying}, {@code step-verified}, … */
    public static final String STEP = "step";
    /** A step row whose source or target the operation waits for; carried beside the row's state class. */
    public static final String STEP_WAITING = "step-waiting";
    /** The clock beside a waiting step's route. */
    public static final String WAITING_ICON = "waiting-icon";
    public static final String BAR_TEXT = "bar-text";
    /** Prefix of a log line's level class: {@code log-warn}, {@code log-error}. */
    public static final String LOG = "log";

    // Query.
    public static final String HISTORY_SQL = "history-sql";
    public static final String HISTORY_CAPTION = "history-caption";
    public static final String NULL_VALUE = "null-value";
    public static final String NUMERIC = "numeric";
    /** Prefix of a shard status row's state class: {@code shard-running}, {@code shard-failed}. */
    public static final String SHARD = "shard";

    // Diff, and the hash ring (also on the Designer screen).
    public static final String HASH_RING_VIEW = "hash-ring-view";
    public static final String RING_CENTRE = "ring-centre";
    public static final String RING_CENTRE_VALUE = "ring-centre-value";
    public static final String RING_CENTRE_CAPTION = "ring-centre-caption";
    public static final String RING_CENTRE_DETAIL = "ring-centre-detail";
    public static final String RING_HOVER_CARD = "ring-hover-card";
    public static final String RING_KEY = "ring-key";
    public static final String RING_KEY_ITEM = "ring-key-item";
    public static final String RING_KEY_CIRCLE = "ring-key-circle";
    public static final String MARKED = "marked";
    public static final String UNMARKED = "unmarked";
    public static final String MOVE_CELL = "move-cell";
    public static final String MOVE_ARROW = "move-arrow";
    public static final String SHARD_CELL = "shard-cell";
    public static final String SHARD_CELL_CONTENT = "shard-cell-content";
    public static final String SHARD_SWATCH = "shard-swatch";
    public static final String SHARD_BADGE = "shard-badge";
    public static final String ADDED = "added";
    public static final String REMOVED = "removed";
    public static final String NUMBER_CELL = "number-cell";
    public static final String CHANGE_IN = "change-in";
    public static final String CHANGE_OUT = "change-out";

    // Cutover dialog.
    public static final String CHECK_STEP = "check-step";
    public static final String CHECK_ROW = "check-row";

    private StyleClasses() {
    }

    /** The class for a state of something: {@code state("phase", RUNNING)} is {@code phase-running}. */
    public static String state(String prefix, Enum<?> state) {
        return state(prefix, state.name());
    }

    /** The class for a named state: {@code state("log", "WARN")} is {@code log-warn}. */
    public static String state(String prefix, String state) {
        return prefix + "-" + state.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Gives the node the class while {@code on}, and takes it away otherwise. */
    public static void toggle(Node node, String styleClass, boolean on) {
        if (!on) {
            node.getStyleClass().remove(styleClass);
        } else if (!node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        }
    }

    /**
     * Gives the node the class of its current state in place of the previous one: a node carries one state
     * class at a time, and a new state needs only its rule in the stylesheet.
     */
    public static void switchState(Node node, String previous, String now) {
        if (previous != null && !previous.equals(now)) {
            node.getStyleClass().remove(previous);
        }
        if (now != null && !node.getStyleClass().contains(now)) {
            node.getStyleClass().add(now);
        }
    }
}
