package org.reshard.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;

/** Reads topology files (DESIGN 3.1) into validated {@link Topology} values; every problem is reported at once. */
public final class TopologyLoader {

    static final String POSTGRES_PREFIX = "jdbc:postgresql://";
    static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final UnaryOperator<String> environment;

    /** A loader that resolves {@code ${env:NAME}} from the process environment. */
    public TopologyLoader() {
        this(System::getenv);
    }

    /** A loader that resolves {@code ${env:NAME}} with the given lookup (null for unset). */
    public TopologyLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public Result<Topology> load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String json;
        try {
            json = Files.readString(absolute);
        } catch (NoSuchFileException e) {
            return invalid(absolute, List.of(new TopologyProblem("$", "the file does not exist",
                    "check the path, or create one with 'reshard demo init'")));
        } catch (IOException e) {
            return invalid(absolute, List.of(new TopologyProblem("$", "cannot read the file: " + e.getMessage(),
                    "check the file's permissions")));
        }
        return parse(json, absolute);
    }

    /** Parses a topology document; {@code source} names it in errors and anchors relative SQLite paths. */
    public Result<Topology> parse(String json, Path source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
            return invalid(source, List.of(new TopologyProblem("$", where + "not valid JSON: " + e.getOriginalMessage(),
                    "fix the JSON syntax")));
        }
        Path baseDir = source == null ? Path.of("").toAbsolutePath() : source.toAbsolutePath().getParent();
        TopologyValidator validator = new TopologyValidator(environment, baseDir);
        Topology topology = validator.validate(root, source);
        if (!validator.problems().isEmpty()) {
            return invalid(source, validator.problems());
        }
        return Result.ok(topology);
    }

    private static Result<Topology> invalid(Path source, List<TopologyProblem> problems) {
        String file = source == null ? "<topology>" : source.toString();
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        List<String> details = problems.stream().map(p -> file + ": " + p.describe()).toList();
        return Result.failure(ReshardError.of(ErrorCode.TOPOLOGY_INVALID,
                "topology file " + file + " is invalid (" + count + ")", details));
    }
}
