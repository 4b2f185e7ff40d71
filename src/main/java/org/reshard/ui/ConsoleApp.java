package org.reshard.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.reshard.observe.Telemetry;
import org.reshard.ui.common.Confirmations;
import org.reshard.ui.common.Stylesheets;
import org.reshard.ui.common.UiExecutor;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.ui.shell.Screen;
import org.reshard.ui.shell.Views;

/**
 * The Reshard Console window. Parameters: {@code --home=DIR} (instead of ~/.reshard), {@code --demo-rows=N}
 * (size of a new demo workspace), or one topology file to open.
 */
public final class ConsoleApp extends Application {

    private ConsoleSession session;
    private MainViewModel model;
    private Timeline health;

    public static void launchConsole(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        session = new ConsoleSession(ConsoleSettings.fromParameters(getParameters().getNamed()), UiExecutor.FX, Telemetry.global());
        model = new MainViewModel(session);
        Scene scene = new Scene(new Views(model).main(), 1280, 800);
        scene.getStylesheets().addAll(Stylesheets.all());
        theme(model.darkProperty().get());
        model.darkProperty().addListener((o, a, dark) -> theme(dark));
        shortcuts(scene);
        stage.setTitle("Reshard Console");
        stage.getIcons().add(new Image(Objects.requireNonNull(ConsoleApp.class.getResourceAsStream("/icons/reshard.png"))));
        stage.setMinWidth(1100);
        stage.setMinHeight(700);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (session.runningProperty().get()) {
                e.consume();
                if (Confirmations.stopAndClose(model.run().operationIdProperty().get())) {
                    model.run().actions().pause();
                    session.runningProperty().addListener((o, was, running) -> {
                        if (!running) {
                            stage.close();
                        }
                    });
                }
            }
        });
        stage.show();
        openFileArgument();
        health = new Timeline(new KeyFrame(Duration.seconds(5), e -> model.poll()));
        health.setCycleCount(Timeline.INDEFINITE);
        health.play();
        model.health().check();
    }

    private static void theme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    private void shortcuts(Scene scene) {
        Screen[] screens = Screen.values();
        for (int i = 0; i < screens.length; i++) {
            Screen screen = screens[i];
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> model.screenProperty().set(screen));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> model.darkProperty().set(!model.darkProperty().get()));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> model.topologies().refresh());
        // Ctrl+O: open topology files (the Start screen's button, whichever screen shows).
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), () -> {
            model.screenProperty().set(Screen.START);
            javafx.application.Platform.runLater(() -> {
                if (scene.lookup("#openFiles") instanceof javafx.scene.control.Button open && !open.isDisabled()) {
                    open.fire();
                }
            });
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), () -> {
            switch (model.screenProperty().get()) {
                case PLAN -> {
                    if (model.plan().canStartProperty().get()) {
                        model.startPlan();
                    }
                }
                case QUERY -> model.query().runCurrent();
                default -> {
                }
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (model.screenProperty().get() == Screen.QUERY) {
                model.query().cancel();
            }
        });
    }

    /** A topology file handed over by the file manager (file association) opens as the target topology. */
    private void openFileArgument() {
        getParameters().getUnnamed().stream().map(Path::of).filter(Files::isRegularFile).findFirst().ifPresent(file -> {
            (session.current().isEmpty() ? model.topologies().current() : model.topologies().target()).open(file);
            model.screenProperty().set(Screen.TOPOLOGIES);
        });
    }

    /** Releases the state file, so a relaunch (or a CLI command) can take it. */
    @Override
    public void stop() {
        if (health != null) {
            health.stop();
        }
        if (model != null) {
            model.query().close();
        }
        if (session != null) {
            session.close();
        }
    }
}
