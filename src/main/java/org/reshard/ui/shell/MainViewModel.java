package org.reshard.ui.shell;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import org.reshard.common.Result;
import org.reshard.plan.PlanJson;
import org.reshard.plan.ReshardingPlan;
import org.reshard.topology.TopologyLoader;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.Failures;
import org.reshard.ui.diff.DiffViewModel;
import org.reshard.ui.plan.PlanViewModel;
import org.reshard.ui.query.QueryViewModel;
import org.reshard.ui.run.RunViewModel;
import org.reshard.ui.start.StartViewModel;
import org.reshard.ui.topology.TopologiesViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The window: which screen shows, the theme, the health light, and every screen's view-model. */
public final class MainViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

    private final ConsoleSession session;
    private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(Screen.START);
    private final BooleanProperty dark = new SimpleBooleanProperty();
    private final HealthIndicator health;
    private final StartViewModel start;
    private final TopologiesViewModel topologies;
    private final PlanViewModel plan;
    private final RunViewModel run;
    private final DiffViewModel diff = new DiffViewModel();
    private final QueryViewModel query;
    private org.reshard.ui.design.DesignerViewModel designer;

    public MainViewModel(ConsoleSession session) {
        this.session = session;
        this.health = new HealthIndicator(session);
        this.start = new StartViewModel(session);
        this.topologies = new TopologiesViewModel(session);
        this.plan = new PlanViewModel(session);
        this.run = new RunViewModel(session);
        this.query = new QueryViewModel(session);
        dark.set(session.preferences().dark());
        dark.addListener((o, a, b) -> session.preferences().dark(b));
        session.runningProperty().addListener((o, a, b) -> health.check());
        // The operation is saved only once it started: check again when it shows its first phase (and every next one).
        run.phaseProperty().addListener((o, a, b) -> health.check());
        session.currentTopologyProperty().addListener((o, a, b) -> showDiff());
        session.targetTopologyProperty().addListener((o, a, b) -> showDiff());
        session.planProperty().addListener((o, a, b) -> showDiff());
        topologies.current().rowsByShardProperty().addListener((o, a, b) -> showDiff());
        // A cutover publishes the new topology in the registry; the Query screen follows it at once.
        run.phaseProperty().addListener((o, a, b) -> query.refreshActive());
        screen.addListener((o, a, shown) -> {
            if (shown == Screen.QUERY) {
                query.refreshActive();
            }
            if (shown == Screen.START) {
                // Operations stopped in this window since it opened are listed too.
                start.refresh();
            }
        });
        showDiff();
    }

    /**
     * The window's periodic check: the health light, and while the Query screen shows, the registry (another
     * process, a {@code reshard run}, may cut over; applications poll the registry, and so does the console).
     */
    public void poll() {
        health.check();
        if (screen.get() == Screen.QUERY) {
            query.refreshActive();
        }
    }

    /** The diff is cheap to compute (no database), so it follows the topologies, their row counts and the plan. */
    private void showDiff() {
        session.current().ifPresent(before -> session.target().ifPresent(after -> {
            var plan = session.planProperty().get();
            boolean planFits = plan != null && plan.from() == before && plan.to() == after;
            diff.show(before, after, planFits ? plan : null, topologies.current().rowsByShardProperty().get());
        }));
    }

    public DiffViewModel diff() {
        return diff;
    }

    public ConsoleSession session() {
        return session;
    }

    public ObjectProperty<Screen> screenProperty() {
        return screen;
    }

    /** The banner over a read-only window: why, and what that allows. */
    public ObservableValue<String> readOnlyTextProperty() {
        return session.readOnlyReasonProperty().map(reason -> "Read-only: " + reason + ". Operations can be watched here but not started or changed.");
    }

    /** The status bar's note of which state file the window uses. */
    public String stateFileText() {
        return "State file " + session.settings().stateFile();
    }

    /** The theme switch names the theme it switches to. */
    public ObservableValue<String> themeToggleTextProperty() {
        return dark.map(isDark -> isDark ? "Light theme" : "Dark theme");
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public HealthIndicator health() {
        return health;
    }

    public StartViewModel start() {
        return start;
    }

    public TopologiesViewModel topologies() {
        return topologies;
    }

    public PlanViewModel plan() {
        return plan;
    }

    public RunViewModel run() {
        return run;
    }

    /** The designer's model, made when its screen is first shown (it counts the current shards' rows). */
    public org.reshard.ui.design.DesignerViewModel designer() {
        if (designer == null) {
            designer = new org.reshard.ui.design.DesignerViewModel(session.currentTopologyProperty(), session.targetTopologyProperty(),
                    session.background(), System::getenv);
        }
        return designer;
    }

    public QueryViewModel query() {
        return query;
    }

    /** Starts the reviewed plan and shows its progress. */
    public void startPlan() {
        run.actions().start(plan.plan(), plan.options().build());
        screen.set(Screen.RUN);
    }

    /** Resumes a stored operation; its two topologies, stored with its plan, become the workspace. */
    public void resume(String id) {
        run.actions().resume(id);
        openWorkspaceOf(id);
        screen.set(Screen.RUN);
    }

    public void inspect(String id) {
        run.actions().inspect(id);
        openWorkspaceOf(id);
        screen.set(Screen.RUN);
    }

    /** Loads the operation's plan from the state store: its topologies for every screen, its steps for the Plan screen. */
    private void openWorkspaceOf(String id) {
        session.background().run(() -> session.store().get(id).flatMap(state -> PlanJson.fromJson(state.plan(), new TopologyLoader())),
                result -> {
                    if (result instanceof Result.Ok<ReshardingPlan> ok) {
                        plan.adopt(ok.value());
                    }
                }, Failures.log(LOG, id, "Could not open the workspace of " + id));
    }
}
