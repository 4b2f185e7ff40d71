package org.reshard.ui.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the console remembers between launches in {@code console.json}: recent workspaces and the theme. */
public final class ConsolePreferences {

    /** A pair of topology files opened together: current and target. */
    public record Workspace(Path current, Path target) {
        public String label() {
            return current.getFileName() + " → " + target.getFileName() + "  (" + current.toAbsolutePath().getParent() + ")";
        }
    }

    private static final int MAX_RECENT = 8;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final List<Workspace> recent = new ArrayList<>();
    private boolean dark;

    private ConsolePreferences(Path file) {
        this.file = file;
    }

    /** Reads the file; a missing or damaged one gives defaults, since preferences are never worth failing over. */
    public static ConsolePreferences load(Path file) {
        ConsolePreferences preferences = new ConsolePreferences(file);
        if (Files.exists(file)) {
            try {
                JsonNode root = MAPPER.readTree(file.toFile());
                preferences.dark = root.path("dark").asBoolean(false);
                for (JsonNode w : root.path("recent")) {
                    preferences.recent.add(new Workspace(Path.of(w.get("current").asText()), Path.of(w.get("target").asText())));
                }
            } catch (IOException | RuntimeException e) {
                preferences.recent.clear();
            }
        }
        return preferences;
    }

    public List<Workspace> recent() {
        return List.copyOf(recent);
    }

    public boolean dark() {
        return dark;
    }

    public void dark(boolean value) {
        dark = value;
        save();
    }

    /** Moves the workspace to the top of the recent list. */
    public void opened(Workspace workspace) {
        Workspace normal = new Workspace(workspace.current().toAbsolutePath().normalize(), workspace.target().toAbsolutePath().normalize());
        recent.remove(normal);
        recent.addFirst(normal);
        while (recent.size() > MAX_RECENT) {
            recent.removeLast();
        }
        save();
    }

    private void save() {
        ObjectNode root = MAPPER.createObjectNode().put("dark", dark);
        ArrayNode list = root.putArray("recent");
        recent.forEach(w -> list.addObject().put("current", w.current().toString()).put("target", w.target().toString()));
        try {
            Files.createDirectories(file.getParent());
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            // Remembering recent files is a convenience; the session goes on without it.
        }
    }
}
