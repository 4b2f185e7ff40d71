package org.reshard.ui.design;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.common.Bytes;
import org.reshard.common.Durations;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.plan.CopyRate;
import org.reshard.plan.design.Design;
import org.reshard.plan.design.DesignEstimate;
import org.reshard.plan.design.DesignStrategy;
import org.reshard.plan.design.ShardLoad;
import org.reshard.plan.design.ShardLoads;
import org.reshard.plan.design.TopologyDesigner;
import org.reshard.shard.ShardPools;
import org.reshard.topology.Secret;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.ui.common.Background;
import org.reshard.ui.diff.DiffViewModel;

/**
 * The target-topology designer: starts from the current topology, applies operations (add, remove, split,
 * merge, rebalance) with the engine of {@link TopologyDesigner}, shows the result on the diff ring with what
 * it moves, and saves it — after checking the new shards answer — as a file loaded as the target topology.
 * Counting rows and pinging shards run on {@link Background}; everything else is cheap and runs on the caller.
 */
public final class DesignerViewModel {

    private final ObjectProperty<Topology> current;
    private final ObjectProperty<Topology> target;
    private final Background background;
    private final UnaryOperator<String> environment;
    private final DiffViewModel diff = new DiffViewModel();

    private final ObjectProperty<DesignStrategy> strategy = new SimpleObjectProperty<>(this, "strategy", DesignStrategy.LEAST_DATA);
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty shardId = new SimpleStringProperty(this, "shardId", "");
    private final StringProperty shardUrl = new SimpleStringProperty(this, "shardUrl", "");
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final StringProperty passwordEnv = new SimpleStringProperty(this, "passwordEnv", "");
    private final StringProperty selectedShard = new SimpleStringProperty(this, "selectedShard");
    private final StringProperty mergeInto = new SimpleStringProperty(this, "mergeInto");
    private final StringProperty savePath = new SimpleStringProperty(this, "savePath", "");
    private final BooleanProperty skipCheck = new SimpleBooleanProperty(this, "skipCheck");
    private final ObservableList<String> shardIds = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Design> design = new ReadOnlyObjectWrapper<>(this, "design");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    private TopologyDesigner designer;
    private Topology working;
    private Map<String, ShardLoad> loads = Map.of();
    /** The shards added in this design (they must answer before it is saved). */
    private final List<ShardSpec> added = new ArrayList<>();

    public DesignerViewModel(ObjectProperty<Topology> current, ObjectProperty<Topology> target, Background background,
                             UnaryOperator<String> environment) {
        this.current = current;
        this.target = target;
        this.background = background;
        this.environment = environment;
        current.addListener((o, a, b) -> start());
        strategy.addListener((o, a, b) -> message.set(""));
        start();
    }

    // ---------------------------------------------------------------- operations

    /** Starts over from the current topology, and counts its shards' rows in the background. */
    public CompletableFuture<?> start() {
        added.clear();
        loads = Map.of();
        Topology now = current.get();
        if (now == null) {
            designer = null;
            working = null;
            shardIds.clear();
            design.set(null);
            summary.set("Load a current topology to design a target from it.");
            return CompletableFuture.completedFuture(null);
        }
        designer = new TopologyDesigner(now, loads, CopyRate.ASSUMED, environment);
        working = now;
        shardIds.setAll(now.shardIds());
        design.set(null);
        name.set(TopologyDesigner.nextName(now.name()));
        summary.set("Designing from " + now.name() + ": add, remove, split or merge shards.");
        message.set("");
        busy.set(true);
        return background.run(() -> ShardLoads.measure(now), measured -> {
            busy.set(false);
            if (current.get() != now) {
                return;
            }
            loads = measured.loads();
            designer = new TopologyDesigner(now, loads, CopyRate.ASSUMED, environment);
            if (!measured.warnings().isEmpty()) {
                message.set(String.join("\n", measured.warnings()));
            }
            if (design.get() != null) {
                show(design.get()); // re-estimate with the counted rows
            }
        }, error -> {
            busy.set(false);
            message.set("Could not count the shards' rows: " + error.getMessage());
        });
    }

    /** Adds the shard described by the id, URL, user and password fields; the shares even out by the strategy. */
    public boolean addShard() {
        if (designer == null) {
            return fail("Load a current topology first.");
        }
        if (shardId.get().isBlank() || shardUrl.get().isBlank()) {
            return fail("Give the new shard an id and a JDBC URL.");
        }
        String env = passwordEnv.get().trim();
        if (!env.isEmpty() && !env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return fail("The password is an environment variable's name, such as ORDERS_PW.");
        }
        ShardSpec shard = new ShardSpec(shardId.get().trim(), shardUrl.get().trim(), user.get().isBlank() ? null : user.get().trim(),
                env.isEmpty() ? Secret.NONE : new Secret("${env:" + env + "}", environment.apply(env)));
        boolean ok = apply(designer.add(working, List.of(shard), strategy.get(), name.get(), null));
        if (ok) {
            added.add(shard);
            shardId.set("");
            shardUrl.set("");
        }
        return ok;
    }

    /** Removes the selected shard; its data goes to the others. */
    public boolean removeShard() {
        return selected().map(id -> {
            boolean ok = apply(designer.remove(working, List.of(id), strategy.get(), name.get(), null));
            if (ok) {
                added.removeIf(s -> s.id().equals(id));
            }
            return ok;
        }).orElse(false);
    }

    /** Splits the selected shard's range with the new shard of the id and URL fields. */
    public boolean splitShard() {
        Optional<String> shard = selected();
        if (shard.isEmpty()) {
            return false;
        }
        if (shardId.get().isBlank() || shardUrl.get().isBlank()) {
            return fail("Give the shard that takes half of " + shard.get() + "'s range an id and a JDBC URL.");
        }
        String env = passwordEnv.get().trim();
        ShardSpec fresh = new ShardSpec(shardId.get().trim(), shardUrl.get().trim(), user.get().isBlank() ? null : user.get().trim(),
                env.isEmpty() ? Secret.NONE : new Secret("${env:" + env + "}", environment.apply(env)));
        boolean ok = apply(designer.split(working, shard.get(), List.of(fresh), name.get(), null));
        if (ok) {
            added.add(fresh);
            shardId.set("");
            shardUrl.set("");
        }
        return ok;
    }

    /** Gives every range of the selected shard to the merge-into shard. */
    public boolean mergeShard() {
        Optional<String> from = selected();
        if (from.isEmpty()) {
            return false;
        }
        if (mergeInto.get() == null || mergeInto.get().isBlank()) {
            return fail("Choose the shard to merge " + from.get() + " into.");
        }
        boolean ok = apply(designer.merge(working, mergeInto.get(), from.get(), name.get(), null));
        if (ok) {
            added.removeIf(s -> s.id().equals(from.get()));
        }
        return ok;
    }

    /** Equal shares over the designed shards. */
    public boolean rebalance() {
        if (designer == null) {
            return fail("Load a current topology first.");
        }
        return apply(designer.rebalance(working, strategy.get(), name.get(), null));
    }

    /**
     * Checks the new shards answer (unless skipped), writes the design to the save path, and loads that file
     * as the target topology. Completes with true when saved.
     */
    public CompletableFuture<Boolean> save() {
        Design d = design.get();
        if (d == null) {
            fail("Design something first: add, remove, split or merge a shard.");
            return CompletableFuture.completedFuture(false);
        }
        if (savePath.get().isBlank()) {
            fail("Choose where to save the topology file.");
            return CompletableFuture.completedFuture(false);
        }
        Path file = Path.of(savePath.get().trim()).toAbsolutePath().normalize();
        List<ShardSpec> check = skipCheck.get() ? List.of() : List.copyOf(added);
        busy.set(true);
        message.set(check.isEmpty() ? "Saving…" : "Checking that the new shards answer…");
        CompletableFuture<Boolean> saved = new CompletableFuture<>();
        background.run(() -> write(d, file, check), result -> {
            busy.set(false);
            switch (result) {
                case Result.Ok<Topology> ok -> {
                    target.set(ok.value());
                    message.set("Saved " + file + " and loaded it as the target topology.");
                    saved.complete(true);
                }
                case Result.Failure<Topology> failure -> {
                    message.set(failure.error().describe());
                    saved.complete(false);
                }
            }
        }, error -> {
            busy.set(false);
            message.set("Could not save: " + error.getMessage());
            saved.complete(false);
        });
        return saved;
    }

    /** The new shards answer (resolved as the loader resolves the saved file), then the file is written and loaded back. */
    private Result<Topology> write(Design d, Path file, List<ShardSpec> check) {
        // Re-validate against the file's own folder, so relative SQLite paths resolve as they will when loaded.
        Result<Topology> placed = new TopologyLoader(environment).parse(d.json(), file);
        if (placed instanceof Result.Failure<Topology> failure) {
            return failure;
        }
        List<ShardSpec> resolved = check.stream().map(s -> placed.orElseThrow().shard(s.id()).orElse(s)).toList();
        try (ShardPools pools = new ShardPools(resolved)) {
            for (ShardSpec shard : resolved) {
                if (pools.ping(shard.id()) instanceof Result.Failure<ShardSpec> failure) {
                    return Result.failure(ReshardError.of(failure.error().code(),
                            "new shard " + shard.id() + " must be reachable before the topology is saved (or skip the check)")
                            .causedBy(failure.error()));
                }
            }
        }
        try {
            Files.writeString(file, d.json() + System.lineSeparator());
        } catch (IOException e) {
            return Result.failure(org.reshard.common.ErrorCode.TOPOLOGY_INVALID, "cannot write " + file + ": " + e.getMessage()
                    + " — check the folder exists and is writable");
        }
        return new TopologyLoader(environment).load(file);
    }

    private Optional<String> selected() {
        if (designer == null) {
            fail("Load a current topology first.");
            return Optional.empty();
        }
        String id = selectedShard.get();
        if (id == null || id.isBlank()) {
            fail("Choose a shard first.");
            return Optional.empty();
        }
        return Optional.of(id);
    }

    private boolean apply(Result<Design> result) {
        return switch (result) {
            case Result.Ok<Design> ok -> {
                working = ok.value().topology();
                shardIds.setAll(working.shardIds());
                message.set("");
                show(ok.value());
                yield true;
            }
            case Result.Failure<Design> failure -> fail(failure.error().describe());
        };
    }

    /** Re-estimates with the latest row counts and shows the design against the current topology on the ring. */
    private void show(Design d) {
        Design estimated = new Design(d.topology(), d.json(), d.moves(), designer.estimate(d.topology().partition()));
        design.set(estimated);
        summary.set(describe(estimated));
        diff.show(current.get(), estimated.topology(), null, Map.of());
    }

    static String describe(Design d) {
        DesignEstimate e = d.estimate();
        String share = String.format(Locale.ROOT, "%.1f%%", e.movedShare() * 100);
        String moved = d.topology().name() + ": " + d.topology().shards().size() + " shards; moves " + share + " of the hash space";
        if (!e.rowsKnown()) {
            return moved + " (rows not counted).";
        }
        return moved + String.format(Locale.ROOT, ", about %,d rows, %s; estimated duration %s.", e.rows(), Bytes.format(e.bytes()),
                Durations.human(e.duration()));
    }

    private boolean fail(String text) {
        message.set(text);
        return false;
    }

    // ---------------------------------------------------------------- properties

    public DiffViewModel diff() {
        return diff;
    }

    public ObjectProperty<DesignStrategy> strategyProperty() {
        return strategy;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty shardIdProperty() {
        return shardId;
    }

    public StringProperty shardUrlProperty() {
        return shardUrl;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordEnvProperty() {
        return passwordEnv;
    }

    public StringProperty selectedShardProperty() {
        return selectedShard;
    }

    public StringProperty mergeIntoProperty() {
        return mergeInto;
    }

    public StringProperty savePathProperty() {
        return savePath;
    }

    public BooleanProperty skipCheckProperty() {
        return skipCheck;
    }

    /** The shards of the design so far. */
    public ObservableList<String> shardIds() {
        return shardIds;
    }

    public ReadOnlyObjectProperty<Design> designProperty() {
        return design.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The last error or status, in words; empty when there is nothing to say. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
