package org.reshard.ui.shell;

/** The console's screens, in sidebar order, with their view file, icon and shortcut digit. */
public enum Screen {
    START("Start", "/fxml/start-view.fxml", "fth-home", "Recent workspaces, the demo, interrupted operations"),
    TOPOLOGIES("Topologies", "/fxml/topologies-view.fxml", "fth-layers", "Current and target topology, shard reachability"),
    DIFF("Diff", "/fxml/diff-view.fxml", "fth-pie-chart", "The hash ring before and after"),
    PLAN("Plan", "/fxml/plan-view.fxml", "fth-list", "Steps, estimates and options; Start"),
    RUN("Run", "/fxml/run-view.fxml", "fth-activity", "Live progress, charts, log; Pause, Cancel, Roll back"),
    QUERY("Query", "/fxml/query-view.fxml", "fth-terminal", "Scatter-gather SQL on every shard, merged exactly"),
    DESIGNER("Designer", "/fxml/designer-view.fxml", "fth-edit", "Design a target topology that moves the least data");

    private final String label;
    private final String view;
    private final String icon;
    private final String description;

    Screen(String label, String view, String icon, String description) {
        this.label = label;
        this.view = view;
        this.icon = icon;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String view() {
        return view;
    }

    public String icon() {
        return icon;
    }

    public String description() {
        return description;
    }
}
