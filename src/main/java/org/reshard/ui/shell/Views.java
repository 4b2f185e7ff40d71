package org.reshard.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import org.reshard.ui.cutover.CutoverController;
import org.reshard.ui.diff.DiffController;
import org.reshard.ui.cutover.CutoverViewModel;
import org.reshard.ui.cutover.SwitchBackController;
import org.reshard.ui.cutover.SwitchBackViewModel;
import org.reshard.ui.plan.PlanController;
import org.reshard.ui.query.QueryController;
import org.reshard.ui.run.RunController;
import org.reshard.ui.start.StartController;
import org.reshard.ui.topology.TopologiesController;

/** Loads FXML views with their controllers built around the view-models (no controller knows how to find its model). */
public final class Views {

    private final MainViewModel model;
    private RunController run;

    public Views(MainViewModel model) {
        this.model = model;
    }

    public Parent main() {
        return load("/fxml/main.fxml");
    }

    public Parent load(Screen screen) {
        return load(screen.view());
    }

    /** The diff view's controller is built by the view itself and bound to the diff model afterwards. */
    private Parent loadDiff() {
        FXMLLoader loader = new FXMLLoader(Objects.requireNonNull(Views.class.getResource(Screen.DIFF.view())));
        Parent view = load(loader);
        loader.<DiffController>getController().bind(model.diff());
        return view;
    }

    /** The Run screen's controller, once its view is loaded. */
    public Optional<RunController> runController() {
        return Optional.ofNullable(run);
    }

    /** The cutover dialog's content for one request at the gate. */
    public static Parent cutover(CutoverViewModel request) {
        FXMLLoader loader = new FXMLLoader(Objects.requireNonNull(Views.class.getResource("/fxml/cutover-dialog.fxml")));
        loader.setControllerFactory(type -> new CutoverController(request));
        return load(loader);
    }

    /** The switch-back dialog's content. */
    public static Parent switchBack(SwitchBackViewModel model) {
        FXMLLoader loader = new FXMLLoader(Objects.requireNonNull(Views.class.getResource("/fxml/switch-back-dialog.fxml")));
        loader.setControllerFactory(type -> new SwitchBackController(model));
        return load(loader);
    }

    private Parent load(String view) {
        if (view.equals(Screen.DIFF.view())) {
            return loadDiff();
        }
        FXMLLoader loader = new FXMLLoader(Objects.requireNonNull(Views.class.getResource(view), view));
        loader.setControllerFactory(this::controller);
        return load(loader);
    }

    private static Parent load(FXMLLoader loader) {
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load view " + loader.getLocation(), e);
        }
    }

    private Object controller(Class<?> type) {
        if (type == MainController.class) {
            return new MainController(model, this);
        }
        if (type == StartController.class) {
            return new StartController(model);
        }
        if (type == TopologiesController.class) {
            return new TopologiesController(model);
        }
        if (type == PlanController.class) {
            return new PlanController(model);
        }
        if (type == RunController.class) {
            run = new RunController(model);
            return run;
        }
        if (type == QueryController.class) {
            return new QueryController(model.query());
        }
        if (type == org.reshard.ui.design.DesignerController.class) {
            return new org.reshard.ui.design.DesignerController(model.designer());
        }
        throw new IllegalStateException("no way to build controller " + type.getName());
    }
}
