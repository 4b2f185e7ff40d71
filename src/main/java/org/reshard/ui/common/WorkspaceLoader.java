package org.reshard.ui.common;

import java.nio.file.Path;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/** Loads a pair of topology files, reporting every problem of both. */
public final class WorkspaceLoader {

    /** Both topologies, loaded. */
    public record Loaded(Topology current, Topology target) {
    }

    private WorkspaceLoader() {
    }

    public static Result<Loaded> load(Path current, Path target) {
        TopologyLoader loader = new TopologyLoader();
        Result<Topology> a = loader.load(current);
        Result<Topology> b = loader.load(target);
        if (a instanceof Result.Failure<Topology> fa) {
            return Result.failure(b instanceof Result.Failure<Topology> fb ? fa.error().causedBy(fb.error()) : fa.error());
        }
        if (b instanceof Result.Failure<Topology> fb) {
            return Result.failure(fb.error());
        }
        return Result.ok(new Loaded(a.orElseThrow(), b.orElseThrow()));
    }

    /** The message lines of an error and its causes, for a list in the UI. */
    public static java.util.List<String> lines(ReshardError error) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (ReshardError e = error; e != null; e = e.cause()) {
            lines.add(e.code().code() + ": " + e.message());
            lines.addAll(e.details());
        }
        return lines;
    }
}
