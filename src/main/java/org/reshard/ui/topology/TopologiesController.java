package org.reshard.ui.topology;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.SplitPane;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.ui.shell.Screen;

/** Binds the topologies screen: two {@link TopologyPane}s and the way on to the diff. */
public final class TopologiesController {

    private final MainViewModel main;
    private final TopologiesViewModel model;

    @FXML
    private SplitPane sides;
    @FXML
    private Button refresh;
    @FXML
    private Button next;

    public TopologiesController(MainViewModel main) {
        this.main = main;
        this.model = main.topologies();
    }

    @FXML
    private void initialize() {
        sides.getItems().setAll(new TopologyPane(model.current(), "current"), new TopologyPane(model.target(), "target"));
        refresh.setOnAction(e -> model.refresh());
        next.disableProperty().bind(model.readyProperty().not());
        next.setOnAction(e -> main.screenProperty().set(Screen.DIFF));
    }
}
