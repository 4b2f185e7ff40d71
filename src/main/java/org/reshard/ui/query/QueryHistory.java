package org.reshard.ui.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queries run in the editor, newest first, kept in {@code query-history.json} across launches. Only
 * the SQL and how it ended are stored — never a result row or a connection URL.
 */
public final class QueryHistory {

    static final int MAX_ENTRIES = 200;
    private static final Logger LOG = LoggerFactory.getLogger(QueryHistory.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final List<HistoryEntry> entries = new ArrayList<>();

    private QueryHistory(Path file) {
        this.file = file;
    }

    /** Reads the file; a missing or damaged one starts an empty history, since history is never worth failing over. */
    public static QueryHistory load(Path file) {
        QueryHistory history = new QueryHistory(file);
        if (Files.exists(file)) {
            try {
                for (JsonNode e : MAPPER.readTree(file.toFile()).path("queries")) {
                    history.entries.add(new HistoryEntry(e.get("sql").asText(), Instant.parse(e.get("ranAt").asText()),
                            e.path("topology").asText(""), e.path("outcome").asText("")));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("query history {} is unreadable and starts empty: {}", file, e.getMessage());
                history.entries.clear();
            }
        }
        return history;
    }

    public List<HistoryEntry> entries() {
        return List.copyOf(entries);
    }

    /** Adds the entry on top; the same SQL run again moves up instead of appearing twice. */
    public void add(HistoryEntry entry) {
        entries.removeIf(e -> e.sql().strip().equals(entry.sql().strip()));
        entries.addFirst(entry);
        while (entries.size() > MAX_ENTRIES) {
            entries.removeLast();
        }
        save();
    }

    public void clear() {
        entries.clear();
        save();
    }

    private void save() {
        ArrayNode list = MAPPER.createArrayNode();
        entries.forEach(e -> list.addObject().put("sql", e.sql()).put("ranAt", e.ranAt().toString())
                .put("topology", e.topology()).put("outcome", e.outcome()));
        try {
            Files.createDirectories(file.getParent());
            // Written beside and moved over, so a crash mid-write never leaves half a history.
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), MAPPER.createObjectNode().set("queries", list));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not save the query history to {}: {}", file, e.getMessage());
        }
    }
}
