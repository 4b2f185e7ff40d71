package org.reshard.ui.query;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.reshard.query.QueryWarning;

/** The warnings over a result: one line per warning, its code said in words, in the banner's warning style. */
final class WarningBanner {

    private WarningBanner() {
    }

    /** Empty when the answer carries no warning. */
    static Optional<QueryMessage> of(List<QueryWarning> warnings) {
        if (warnings.isEmpty()) {
            return Optional.empty();
        }
        String title = warnings.size() == 1 ? "1 warning about this answer" : warnings.size() + " warnings about this answer";
        String lines = warnings.stream().map(WarningBanner::line).collect(Collectors.joining("\n"));
        return Optional.of(new QueryMessage(QueryMessage.Kind.WARNING, title, lines));
    }

    /** "• Not the registry's active topology: …", the code kept at the end for searching the docs and logs. */
    static String line(QueryWarning warning) {
        return "• " + meaning(warning.code()) + ": " + EditorWording.of(warning.message()) + " (" + warning.code() + ")";
    }

    static String meaning(String code) {
        return switch (code) {
            case QueryWarning.UNDECLARED_TABLES -> "Tables the topology does not declare";
            case QueryWarning.STALE_TOPOLOGY -> "Not the registry's active topology";
            case QueryWarning.REGISTRY_UNREADABLE -> "Registry unreadable, so the active topology was not checked";
            default -> "Warning";
        };
    }
}
