package org.reshard.ui.query;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.reshard.topology.Topology;

/**
 * The banner over the editor saying which topology queries run on and why, when that is not plain: after a
 * cutover, during an operation, when the registry's active version is not the loaded file, or when the
 * registry cannot be read.
 */
final class TopologyNotice {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TopologyNotice() {
    }

    /** The banner for the chosen target; empty when the topology queried needs no explanation. */
    static Optional<QueryMessage> of(ActiveTopology active, QueryViewModel.Target target, Topology loadedCurrent, Topology loadedTarget,
                                     ZoneId zone) {
        return switch (target) {
            case CURRENT -> current(active, loadedCurrent, zone);
            case TARGET -> loadedTarget == null ? Optional.empty() : target(active, loadedTarget);
        };
    }

    private static Optional<QueryMessage> current(ActiveTopology active, Topology loadedCurrent, ZoneId zone) {
        return switch (active) {
            case null -> Optional.empty();
            case ActiveTopology.Unregistered unregistered -> Optional.empty();
            case ActiveTopology.Unreadable unreadable -> Optional.of(new QueryMessage(QueryMessage.Kind.WARNING,
                    "The topology registry cannot be read",
                    sentence(unreadable.problem()) + " Queries run on the loaded current topology, " + unreadable.topology().name()
                            + ", which may no longer be the active one."));
            case ActiveTopology.Registered registered -> registered(registered, loadedCurrent, zone);
        };
    }

    private static Optional<QueryMessage> registered(ActiveTopology.Registered active, Topology loadedCurrent, ZoneId zone) {
        String name = active.topology().name();
        boolean moved = loadedCurrent != null && active.topology() != loadedCurrent;
        String since = "since " + time(active.activatedAt(), zone);
        return switch (active.operation().orElse(null)) {
            case ActiveTopology.PublishedBy cutover -> {
                String text = moved ? "The loaded current topology, " + loadedCurrent.name() + ", is no longer active." : "";
                if (cutover.keepUntil().isPresent()) {
                    text += (text.isEmpty() ? "" : " ") + "The shards of " + cutover.from() + " keep the rows that moved until "
                            + time(cutover.keepUntil().get(), zone) + " (retention); queries on " + name + " count each of them once, on its new owner.";
                }
                yield Optional.of(new QueryMessage(QueryMessage.Kind.INFO, "Queries " + (moved ? "now " : "") + "run on " + name
                        + ", the registry's active topology " + since + " (cutover of operation " + cutover.id() + ")", text));
            }
            case ActiveTopology.MovingTo operation -> Optional.of(new QueryMessage(QueryMessage.Kind.INFO,
                    "Queries run on " + name + ", the registry's active topology, while operation " + operation.id() + " moves rows to "
                            + operation.to() + " (" + operation.phase().label() + ")",
                    name + " answers for every row until the cutover publishes " + operation.to() + ". " + operation.to()
                            + " is still being filled, so its shards do not hold every row yet."));
            case null -> moved
                    ? Optional.of(new QueryMessage(QueryMessage.Kind.INFO, "Queries run on " + name + ", the registry's active topology "
                            + since + " (version " + active.version() + ")", "The loaded current topology, " + loadedCurrent.name()
                            + ", is not the active one; applications route by the registry."))
                    : Optional.empty();
        };
    }

    private static Optional<QueryMessage> target(ActiveTopology active, Topology loadedTarget) {
        if (!(active instanceof ActiveTopology.Registered registered) || registered.topology() == loadedTarget) {
            return Optional.empty();
        }
        String activeName = registered.topology().name();
        if (registered.operation().orElse(null) instanceof ActiveTopology.MovingTo operation && operation.to().equals(loadedTarget.name())) {
            return Optional.of(new QueryMessage(QueryMessage.Kind.WARNING, loadedTarget.name() + " is still being filled (operation "
                    + operation.id() + ", " + operation.phase().label() + ")", "Its shards do not hold every row until the cutover; "
                    + activeName + ", the registry's active topology, answers for every row: choose Current topology."));
        }
        return Optional.of(new QueryMessage(QueryMessage.Kind.INFO, loadedTarget.name() + " is not the registry's active topology",
                "Applications route by " + activeName + " (version " + registered.version() + "); answers here show only what "
                        + loadedTarget.name() + "'s shards hold."));
    }

    static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone));
    }

    private static String sentence(String text) {
        String capital = text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }
}
